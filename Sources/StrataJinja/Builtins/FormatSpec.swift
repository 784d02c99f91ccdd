import Foundation

/// A parsed Python format specification (`[[fill]align][sign][#][0][width][,][.precision][type]`), shared by
/// `str.format` and `%`-formatting.
struct FormatSpec {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var alternate = false
    var width = 0
    var grouping = false
    var precision: Int?
    var type: Character?

    /// Parses the part after `:` in a `{…}` replacement field.
    /// - Throws: `TemplateError` for a malformed specification.
    init(python spec: String) throws(TemplateError) {
        var chars = Array(spec)
        var index = 0
        if chars.count >= 2, "<>=^".contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            index = 2
        } else if let first = chars.first, "<>=^".contains(first) {
            align = first
            index = 1
        }
        if index < chars.count, "+- ".contains(chars[index]) {
            sign = chars[index]
            index += 1
        }
        if index < chars.count, chars[index] == "#" {
            alternate = true
            index += 1
        }
        if index < chars.count, chars[index] == "0" {
            if align == nil {
                fill = "0"
                align = "="
            }
            index += 1
        }
        width = FormatSpec.readInt(&chars, &index) ?? 0
        if index < chars.count, chars[index] == "," {
            grouping = true
            index += 1
        }
        if index < chars.count, chars[index] == "." {
            index += 1
            guard let value = FormatSpec.readInt(&chars, &index) else {
                throw TemplateError(.jinjaValueError, "format specifier missing precision")
            }
            precision = value
        }
        if index < chars.count {
            type = chars[index]
            index += 1
        }
        guard index == chars.count else { throw TemplateError(.jinjaValueError, "invalid format specifier '\(spec)'") }
    }

    init() {}

    static func readInt(_ chars: inout [Character], _ index: inout Int) -> Int? {
        var digits = ""
        while index < chars.count, let digit = chars[index].wholeNumberValue, chars[index].isASCII {
            digits.append(String(digit))
            index += 1
        }
        return Int(digits)
    }

    /// Formats one value according to the specification.
    /// - Throws: `TemplateError` when the presentation type does not fit the value.
    func apply(to value: Value) throws(TemplateError) -> String {
        let isBoolText = value.boolValue != nil && (type == nil || type == "s")
        guard let number = value.numericValue, !isBoolText, type != "s", type != "r" else {
            if let type, !"sr".contains(type) {
                throw TemplateError(
                    .jinjaValueError, "unknown format code '\(type)' for object of type '\(value.typeName)'")
            }
            var text = type == "r" ? value.repr : value.renderedString
            if let precision { text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision))) }
            return pad(sign: "", body: text, defaultAlign: "<")
        }
        let (negative, body) = try formatNumber(number)
        let signText = negative ? "-" : (sign == "+" ? "+" : (sign == " " ? " " : ""))
        return pad(sign: signText, body: body, defaultAlign: ">")
    }

    private func formatNumber(_ number: Number) throws(TemplateError) -> (negative: Bool, body: String) {
        switch (number, type) {
        case (.int(let int), nil), (.int(let int), "d"?), (.int(let int), "n"?):
            return (int < 0, grouped(String(int.magnitude)))
        case (.int(let int), "x"?), (.int(let int), "X"?), (.int(let int), "o"?), (.int(let int), "b"?):
            let radix = type == "o" ? 8 : (type == "b" ? 2 : 16)
            var digits = String(int.magnitude, radix: radix, uppercase: type == "X")
            if alternate { digits = "0" + String(type!) + digits }
            return (int < 0, digits)
        case (.double, "d"?), (.double, "x"?), (.double, "X"?), (.double, "o"?), (.double, "b"?):
            throw TemplateError(.jinjaValueError, "unknown format code '\(type!)' for object of type 'float'")
        default:
            let double = number.asDouble
            return (double.sign == .minus && !double.isNaN, formatFloat(abs(double)))
        }
    }

    private func formatFloat(_ double: Double) -> String {
        if double.isNaN { return type.map { $0.isUppercase ? "NAN" : "nan" } ?? "nan" }
        if double.isInfinite { return type.map { $0.isUppercase ? "INF" : "inf" } ?? "inf" }
        switch type {
        case nil where precision == nil:
            return grouped(Value.formatDouble(double))
        case "%"?:
            return grouped(String(format: "%.\(precision ?? 6)f", double * 100)) + "%"
        case "e"?, "E"?, "g"?, "G"?, "f"?, "F"?:
            let code = type!
            let text = String(format: "%\(alternate ? "#" : "").\(precision ?? 6)\(code)", double)
            return "fF".contains(code) ? grouped(text) : text
        default:
            return String(format: "%.\(precision ?? 6)g", double)
        }
    }

    /// Inserts thousands separators into the integer part when `,` was given.
    private func grouped(_ digits: String) -> String {
        guard grouping else { return digits }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var integer = Array(parts[0])
        var index = integer.count - 3
        while index > 0 {
            integer.insert(",", at: index)
            index -= 3
        }
        return String(integer) + (parts.count > 1 ? "." + parts[1] : "")
    }

    private func pad(sign: String, body: String, defaultAlign: Character) -> String {
        let length = sign.count + body.count
        guard width > length else { return sign + body }
        let padding = width - length
        let filler = { (count: Int) in String(repeating: fill, count: count) }
        switch align ?? defaultAlign {
        case "<": return sign + body + filler(padding)
        case "^": return filler(padding / 2) + sign + body + filler(padding - padding / 2)
        case "=": return sign + filler(padding) + body
        default: return filler(padding) + sign + body
        }
    }
}
