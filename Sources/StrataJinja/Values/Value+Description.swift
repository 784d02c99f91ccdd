extension Value {
    /// The text `{{ value }}` prints, like Python's `str()`: `True`, `None`, `1.0`, `['a', 1]`, `{'a': 1}`;
    /// undefined prints as an empty string.
    public var renderedString: String {
        switch self {
        case .string(let string): return string
        case .int(let int): return String(int)
        case .undefined: return ""
        default: return repr
        }
    }

    /// Python's `repr()`: like `renderedString` but strings are quoted (and undefined shows as `Undefined`).
    public var repr: String {
        var out = ""
        writeRepr(to: &out)
        return out
    }

    func writeRepr(to out: inout String) {
        switch self {
        case .undefined: out += "Undefined"
        case .none: out += "None"
        case .bool(let bool): out += bool ? "True" : "False"
        case .int(let int): out += String(int)
        case .double(let double): out += Value.formatDouble(double)
        case .string(let string): Value.writeQuoted(string, to: &out)
        case .list(let list): Value.writeSequence(list.items, open: "[", close: "]", to: &out)
        case .tuple(let items):
            if items.count == 1 {
                out += "("
                items[0].writeRepr(to: &out)
                out += ",)"
            } else {
                Value.writeSequence(items, open: "(", close: ")", to: &out)
            }
        case .dict(let dict):
            out += "{"
            for (index, entry) in dict.entries.enumerated() {
                if index > 0 { out += ", " }
                entry.key.writeRepr(to: &out)
                out += ": "
                entry.value.writeRepr(to: &out)
            }
            out += "}"
        case .function(let function): out += "<function \(function.name)>"
        case .macro(let macro): out += "<Macro '\(macro.name)'>"
        case .object(let object): out += object.renderedString
        }
    }

    private static func writeSequence(_ items: [Value], open: String, close: String, to out: inout String) {
        out += open
        for (index, item) in items.enumerated() {
            if index > 0 { out += ", " }
            item.writeRepr(to: &out)
        }
        out += close
    }

    /// Quotes a string the way Python's `repr` does: single quotes unless the text holds only single quotes.
    static func writeQuoted(_ string: String, to out: inout String) {
        let quote: Unicode.Scalar = string.contains("'") && !string.contains("\"") ? "\"" : "'"
        out.unicodeScalars.append(quote)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(quote)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.unicodeScalars.append(quote)
    }

    /// Formats a float like Python's `repr`: shortest round-trip digits, `.0` on whole numbers, exponent form
    /// below 1e-4 and from 1e16.
    static func formatDouble(_ double: Double) -> String {
        if double.isNaN { return "nan" }
        if double.isInfinite { return double < 0 ? "-inf" : "inf" }
        return double.description
    }

    /// The Python type name used in messages: `str`, `int`, `list`, `NoneType` and so on.
    public var typeName: String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .function: return "function"
        case .macro: return "Macro"
        case .object(let object): return object.typeName
        }
    }

    /// How a value is named in "has no attribute" messages, as Jinja2 does: `'dict object'`, `None`.
    var typeDescription: String {
        if case .none = self { return "None" }
        return "'\(typeName) object'"
    }
}
