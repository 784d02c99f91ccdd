/// Python's printf-style `format % values`, used by the `%` operator and the `format` filter.
enum PercentFormat {
    /// Formats `format` with a tuple of positional values, a dict of named values, or a single value.
    /// - Throws: `TemplateError` when the directives and values do not match.
    static func format(_ format: String, _ values: Value) throws(TemplateError) -> String {
        var positional: [Value]
        switch values {
        case .tuple(let items): positional = items
        default: positional = [values]
        }
        var next = 0
        var out = ""
        var chars = Array(format)[...]
        while let char = chars.popFirst() {
            guard char == "%" else {
                out.append(char)
                continue
            }
            var spec = FormatSpec()
            var key: String?
            if chars.first == "(" {
                guard let close = chars.firstIndex(of: ")") else {
                    throw TemplateError(.jinjaValueError, "incomplete format key")
                }
                key = String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
            }
            parseFlags(&chars, &spec)
            guard let type = chars.popFirst() else { throw TemplateError(.jinjaValueError, "incomplete format") }
            if type == "%" {
                out.append("%")
                continue
            }
            let value: Value
            if let key {
                guard case .dict(let dict) = values, let found = dict[key] else {
                    throw TemplateError(.jinjaValueError, "format requires a mapping with key '\(key)'")
                }
                value = found
            } else {
                guard next < positional.count else {
                    throw TemplateError(.jinjaValueError, "not enough arguments for format string")
                }
                value = positional[next]
                next += 1
            }
            out += try directive(type, spec, value)
        }
        if next < positional.count, !isMapping(values) {
            throw TemplateError(.jinjaTypeError, "not all arguments converted during string formatting")
        }
        return out
    }

    /// Python accepts surplus arguments when the right side is subscriptable but not a tuple (a dict or a list).
    private static func isMapping(_ value: Value) -> Bool {
        switch value {
        case .dict, .list, .undefined: return true
        default: return false
        }
    }

    private static func parseFlags(_ chars: inout ArraySlice<Character>, _ spec: inout FormatSpec) {
        while let flag = chars.first, "-+ 0#".contains(flag) {
            switch flag {
            case "-": spec.align = "<"
            case "0":
                if spec.align == nil {
                    spec.fill = "0"
                    spec.align = "="
                }
            case "#": spec.alternate = true
            default: spec.sign = flag
            }
            chars.removeFirst()
        }
        var digits = ""
        while let digit = chars.first, digit.isASCII, digit.isNumber {
            digits.append(digit)
            chars.removeFirst()
        }
        spec.width = Int(digits) ?? 0
        if chars.first == "." {
            chars.removeFirst()
            var precision = ""
            while let digit = chars.first, digit.isASCII, digit.isNumber {
                precision.append(digit)
                chars.removeFirst()
            }
            spec.precision = Int(precision) ?? 0
        }
    }

    private static func directive(_ type: Character, _ spec: FormatSpec, _ value: Value) throws(TemplateError) -> String
    {
        var spec = spec
        switch type {
        case "s", "r", "a":
            spec.type = "s"
            spec.fill = " "
            if spec.align != "<" { spec.align = ">" }
            return try spec.apply(to: .string(type == "s" ? value.renderedString : value.repr))
        case "d", "i", "u":
            guard let number = value.numericValue else {
                throw TemplateError(
                    .jinjaTypeError, "%\(type) format: a real number is required, not \(value.typeName)")
            }
            spec.type = "d"
            spec.precision = nil
            return try spec.apply(to: .int(Int(exactly: number.asDouble.rounded(.towardZero)) ?? 0))
        case "f", "F", "e", "E", "g", "G", "x", "X", "o":
            guard let number = value.numericValue else {
                throw TemplateError(.jinjaTypeError, "must be real number, not \(value.typeName)")
            }
            spec.type = type
            if "xXo".contains(type) {
                return try spec.apply(to: .int(Int(exactly: number.asDouble.rounded(.towardZero)) ?? 0))
            }
            return try spec.apply(to: .double(number.asDouble))
        case "c":
            if case .int(let code) = value, let scalar = Unicode.Scalar(code) { return String(Character(scalar)) }
            return value.renderedString
        default:
            throw TemplateError(.jinjaValueError, "unsupported format character '\(type)'")
        }
    }
}

/// Python's `str.format`: `'{} {name} {0:>8.2f}'.format(…)`.
enum BraceFormat {
    /// Formats with positional and keyword arguments.
    /// - Throws: `TemplateError` for unbalanced braces, missing arguments or bad specifications.
    static func format(_ format: String, _ arguments: Arguments) throws(TemplateError) -> String {
        var out = ""
        var automatic = 0
        var chars = Array(format)[...]
        while let char = chars.popFirst() {
            if char == "}" {
                guard chars.popFirst() == "}" else {
                    throw TemplateError(.jinjaValueError, "single '}' encountered in format string")
                }
                out.append("}")
                continue
            }
            guard char == "{" else {
                out.append(char)
                continue
            }
            if chars.first == "{" {
                chars.removeFirst()
                out.append("{")
                continue
            }
            guard let close = chars.firstIndex(of: "}") else {
                throw TemplateError(.jinjaValueError, "single '{' encountered in format string")
            }
            let field = String(chars[..<close])
            chars = chars[chars.index(after: close)...]
            out += try replacement(field, arguments, &automatic)
        }
        return out
    }

    private static func replacement(_ field: String, _ arguments: Arguments, _ automatic: inout Int)
        throws(TemplateError) -> String
    {
        var name = field
        var spec = ""
        if let colon = field.firstIndex(of: ":") {
            name = String(field[..<colon])
            spec = String(field[field.index(after: colon)...])
        }
        var conversion: Character?
        if let bang = name.firstIndex(of: "!") {
            conversion = name[name.index(after: bang)...].first
            name = String(name[..<bang])
        }
        var value: Value
        if name.isEmpty {
            guard let found = arguments[automatic] else {
                throw TemplateError(
                    .jinjaValueError, "replacement index \(automatic) out of range for positional args tuple")
            }
            value = found
            automatic += 1
        } else if let index = Int(name) {
            guard let found = arguments[index] else {
                throw TemplateError(
                    .jinjaValueError, "replacement index \(index) out of range for positional args tuple")
            }
            value = found
        } else {
            guard let found = arguments[keyword: name] else {
                throw TemplateError(.jinjaValueError, "missing format key '\(name)'")
            }
            value = found
        }
        if conversion == "r" {
            value = .string(value.repr)
        } else if conversion == "s" {
            value = .string(value.renderedString)
        }
        return try FormatSpec(python: spec).apply(to: value)
    }
}
