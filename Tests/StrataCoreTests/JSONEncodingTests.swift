import Foundation
@testable import StrataCore
import Testing

/// Strings encode so that a JSON reader gets them back exactly, wherever the characters that need escaping fall
/// relative to the eight-byte steps of the encoder's scan.
@Suite struct JSONEncodingTests {
    @Test func everyEscapeAtEveryOffsetRoundTrips() throws {
        let specials: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "✓", "/"]
        for special in specials {
            for length in 0...20 {
                for position in 0...length {
                    var characters = Array(repeating: "a", count: length)
                    characters.insert(special, at: position)
                    let text = characters.joined()
                    let encoded = JSON.array([.string(text)]).encoded()
                    let decoded = try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String]
                    #expect(decoded == [text], "\(text.debugDescription) -> \(encoded)")
                }
            }
        }
    }

    /// The scan jumps to the first flagged byte of a word; a control character's borrow can flag the bytes after
    /// it (a space most easily), which must not be escaped.
    @Test func twoEscapesInOneWordAndTheBytesAfterThemRoundTrip() throws {
        let specials: [String] = ["\"", "\\", "\n", "\u{0}", "\u{1f}", " ", "!", "\u{7f}", "é"]
        for first in specials {
            for second in specials {
                for gap in 0...9 {
                    for position in 0...9 {
                        let text = String(repeating: "a", count: position) + first + String(repeating: " ", count: gap) + second + "  b"
                        let encoded = JSON.array([.string(text)]).encoded()
                        let decoded = try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String]
                        #expect(decoded == [text], "\(text.debugDescription) -> \(encoded)")
                    }
                }
            }
        }
    }

    /// Text is escaped straight into the buffer in pieces of 4,096 bytes, with room for each byte to double: long
    /// text whose every byte needs an escape (six-byte ones too), on either side of a piece's end, must come out
    /// whole and round-trip.
    @Test func longTextFullOfEscapesRoundTripsAcrossPieces() throws {
        let units: [String] = ["\n", "\"", "\\", "\u{1}", "a\tb", "é\r", "\u{1f}\u{1f}\u{1f}"]
        for unit in units {
            for lead in [0, 1, 7, 4090, 4095] {
                let text = String(repeating: "x", count: lead) + String(repeating: unit, count: 3000) + "end"
                let encoded = JSON.array([.string(text), .string("after")]).encoded()
                let decoded = try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String]
                #expect(decoded == [text, "after"], "\(unit.debugDescription) after \(lead) bytes")
            }
        }
    }

    @Test func longPlainTextIsCopiedAsIs() {
        let text = String(repeating: "select a, b from t where x > 1 -- ok\u{2713} ", count: 50)
        #expect(JSON.string(text).encoded() == "\"" + text + "\"")
    }
}
