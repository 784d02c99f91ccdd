import Foundation

/// Resolves plain YAML scalars to null, booleans, integers and floats with the same spellings as Yams's default
/// resolver (YAML 1.1 booleans included, as dbt's PyYAML accepts them), by looking at bytes instead of running
/// regular expressions.
enum YAMLScalar {
    static func resolve(_ text: String) -> ConfigValue {
        // The special words are all five bytes or shorter and start with one of a few bytes: most scalars skip
        // comparing with them.
        if text.utf8.count <= 5, mayBeSpecial(text.utf8.first), let special = special(text) { return special }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") || (first >= 48 && first <= 57) else {
            return .string(text)
        }
        let cleaned = text.contains("_") ? text.replacingOccurrences(of: "_", with: "") : text
        if let integer = integer(cleaned) { return .int(integer) }
        if isDecimalFloat(cleaned), let double = Double(cleaned) { return .double(double) }
        return .string(text)
    }

    /// Whether a scalar starting with `first` (nil: the empty scalar) can be one of the words `special` knows.
    private static func mayBeSpecial(_ first: UInt8?) -> Bool {
        guard let first else { return true }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "f"),
            UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
            return true
        default: return false
        }
    }

    /// The word's value, looked up by its bytes packed into an integer: a `switch` over the 35 spellings compared
    /// the text with them one after another, a call each.
    private static func special(_ text: String) -> ConfigValue? {
        text.utf8.count <= 7 ? specialWords[packed(text.utf8)] : nil
    }

    private static let specialWords: [UInt64: ConfigValue] = {
        let spellings: [([String], ConfigValue)] = [
            (["", "~", "null", "Null", "NULL"], .null),
            (["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"], .bool(true)),
            (["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"], .bool(false)),
            ([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"], .double(.infinity)),
            (["-.inf", "-.Inf", "-.INF"], .double(-.infinity)),
            ([".nan", ".NaN", ".NAN"], .double(.nan)),
        ]
        var words: [UInt64: ConfigValue] = [:]
        for (spelled, value) in spellings { for word in spelled { words[packed(word.utf8)] = value } }
        return words
    }()

    /// Up to seven bytes and their count as one number: distinct texts, distinct numbers (a trailing zero byte
    /// included: `true` and `true\0` differ in their count).
    private static func packed(_ bytes: String.UTF8View) -> UInt64 {
        var key = UInt64(bytes.count) << 56
        var shift: UInt64 = 0
        for byte in bytes {
            key |= UInt64(byte) << shift
            shift += 8
        }
        return key
    }

    private static func integer(_ text: String) -> Int? {
        var body = Substring(text)
        var sign = 1
        if body.first == "-" { sign = -1; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty else { return nil }
        if body.hasPrefix("0x") { return Int(body.dropFirst(2), radix: 16).map { $0 * sign } }
        if body.hasPrefix("0o") { return Int(body.dropFirst(2), radix: 8).map { $0 * sign } }
        guard body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(body).map { $0 * sign }
    }

    private static func isDecimalFloat(_ text: String) -> Bool {
        var digits = 0
        var sawDot = false
        var sawExponent = false
        var previous: UInt8 = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case 48...57: digits += 1
            case UInt8(ascii: "."): if sawDot || sawExponent { return false }; sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): if sawExponent || digits == 0 { return false }; sawExponent = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                if !(index == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")) { return false }
            default: return false
            }
            previous = byte
        }
        return digits > 0 && (sawDot || sawExponent)
    }
}
