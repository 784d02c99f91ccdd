import Foundation

/// `tojson`: Python's `json.dumps(value, sort_keys=True)` made safe for HTML like Jinja2's
/// `htmlsafe_json_dumps` (`<`, `>`, `&` and `'` escaped), ASCII-only output.
enum JSONWriter {
    /// Serializes a value.
    /// - Parameter indent: spaces per level; nil writes one line with `", "` and `": "` separators.
    /// - Throws: `TemplateError` for values JSON cannot represent (undefined, functions, macros).
    static func write(_ value: Value, indent: Int?) throws(TemplateError) -> String {
        var out = ""
        try write(value, indent: indent, level: 0, to: &out)
        return out
    }

    private static func write(_ value: Value, indent: Int?, level: Int, to out: inout String) throws(TemplateError) {
        switch value {
        case .none: out += "null"
        case .bool(let bool): out += bool ? "true" : "false"
        case .int(let int): out += String(int)
        case .double(let double):
            if double.isNaN {
                out += "NaN"
            } else if double.isInfinite {
                out += double < 0 ? "-Infinity" : "Infinity"
            } else {
                out += Value.formatDouble(double)
            }
        case .string(let string): writeString(string, to: &out)
        case .list, .tuple:
            let items = value.listItems ?? []
            try writeContainer(items.count, open: "[", close: "]", indent: indent, level: level, to: &out) {
                (index, out) throws(TemplateError) in
                try write(items[index], indent: indent, level: level + 1, to: &out)
            }
        case .dict(let dict):
            let entries = dict.entries.map { (key: $0.key.renderedString, value: $0.value) }.sorted { $0.key < $1.key }
            try writeContainer(entries.count, open: "{", close: "}", indent: indent, level: level, to: &out) {
                (index, out) throws(TemplateError) in
                writeString(entries[index].key, to: &out)
                out += ": "
                try write(entries[index].value, indent: indent, level: level + 1, to: &out)
            }
        case .object(let object): writeString(object.renderedString, to: &out)
        case .undefined, .function, .macro:
            throw TemplateError(.jinjaTypeError, "object of type '\(value.typeName)' is not JSON serializable")
        }
    }

    private static func writeContainer(
        _ count: Int, open: String, close: String, indent: Int?, level: Int, to out: inout String,
        _ element: (Int, inout String) throws(TemplateError) -> Void
    ) throws(TemplateError) {
        out += open
        guard count > 0 else {
            out += close
            return
        }
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) }
        for index in 0..<count {
            if index > 0 { out += newline == nil ? ", " : "," }
            if let newline { out += newline }
            try element(index, &out)
        }
        if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }

    private static func writeString(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&", "'": out += unicodeEscape(scalar.value)
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let offset = scalar.value - 0x10000
                        out += unicodeEscape(0xD800 + (offset >> 10)) + unicodeEscape(0xDC00 + (offset & 0x3FF))
                    } else {
                        out += unicodeEscape(scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// Python's `round()` for floats: the exact binary value rounded half to even.
enum PythonRounding {
    static func round(_ value: Double, _ digits: Int) -> Double {
        guard value.isFinite else { return value }
        if digits >= 0, digits <= 300 { return Double(String(format: "%.\(digits)f", value)) ?? value }
        let scale = power10(-digits)
        return (value / scale).rounded(.toNearestOrEven) * scale
    }

    static func power10(_ exponent: Int) -> Double { Foundation.pow(10, Double(exponent)) }
}
