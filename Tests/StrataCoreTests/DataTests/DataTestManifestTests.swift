@testable import StrataCore
import Testing

/// A test's `file_key_name` is read from its attached node's id bytes; it must agree with splitting the id.
@Suite struct DataTestManifestTests {
    @Test(arguments: [
        "model.shop.orders", "seed.shop.raw_customers", "source.shop.raw.orders", "source.shop.raw", "snapshot.shop.snap",
        "model.shop.core.deals", "model", "", "model..orders", ".model.shop.x", "model.shop.x.", "source.shop.ü.ñ", "a.b",
    ])
    func fileKeyNameAgreesWithSplitting(id: String) {
        let parts = id.split(separator: ".").map(String.init)
        let kind = parts.first.map { "\($0)s" } ?? "models"
        let name = parts.first == "source" && parts.count >= 4 ? parts[2] : parts.last ?? ""
        #expect(DataTestManifest.fileKeyName(attached: id) == "\(kind).\(name)")
    }
}
