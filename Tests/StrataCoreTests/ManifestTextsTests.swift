@testable import StrataCore
import Testing

/// The manifest writes its shared constant parts from static texts; each must be the JSON its value encodes to.
@Suite struct ManifestTextsTests {
    @Test func constantTextsAreTheirValuesEncoded() {
        let pairs: [(StaticString, JSON)] = [
            (ManifestBuilder.nullText, .null), (ManifestBuilder.trueText, true), (ManifestBuilder.emptyArrayText, .array([])),
            (ManifestBuilder.protectedText, "protected"), (ManifestBuilder.sha256Text, "sha256"),
            (ManifestBuilder.contractText, ManifestBuilder.contract), (ManifestBuilder.docsText, ManifestBuilder.docs),
            (ManifestBuilder.enabledConfigText, .object([("enabled", true)])), (JSONMembers.emptyObjectText, .object([])),
        ]
        for (text, value) in pairs { #expect(text.description == value.encoded()) }
    }
}
