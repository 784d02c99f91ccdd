import Foundation

/// Python `str` methods, with Python's whitespace and case rules.
enum StringMethods {
    static func call(_ string: String, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "format": return .string(try BraceFormat.format(string, arguments))
        case "lower": return .string(string.lowercased())
        case "upper": return .string(string.uppercased())
        case "strip", "lstrip", "rstrip":
            let bound = try arguments.bind(name, ["chars"])
            let characters = bound[0].flatMap { $0.isNone ? nil : Set($0.renderedString.unicodeScalars) }
            return .string(strip(string, characters, leading: name != "rstrip", trailing: name != "lstrip"))
        case "split", "rsplit": return try split(string, arguments, fromRight: name == "rsplit")
        case "splitlines": return .list(ListBox(splitLines(string).map(Value.string)))
        case "startswith", "endswith": return try affix(string, name, arguments)
        case "replace":
            let bound = try arguments.bind("replace", ["old", "new", "count"], required: 2)
            let count = bound[2]?.intValue ?? -1
            return .string(replace(string, bound[0]!.renderedString, bound[1]!.renderedString, count: count))
        case "join":
            let items = try ListMethods.single(arguments, "join").iterationItems()
            let parts = try items.enumerated().map { (index, item) throws(TemplateError) -> String in
                guard case .string(let part) = item else {
                    throw TemplateError(
                        .jinjaTypeError, "sequence item \(index): expected str instance, \(item.typeName) found")
                }
                return part
            }
            return .string(parts.joined(separator: string))
        case "title": return .string(pythonTitle(string))
        case "capitalize": return .string(capitalize(string))
        case "swapcase":
            return .string(
                String(string.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) }))
        default: return try query(string, name, arguments)
        }
    }

    private static func query(_ string: String, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "count":
            let needle = try ListMethods.single(arguments, "count").renderedString
            return .int(occurrences(of: needle, in: string))
        case "find", "rfind", "index":
            let needle = try ListMethods.single(arguments, name).renderedString
            let scalars = Array(string.unicodeScalars)
            let target = Array(needle.unicodeScalars)
            let found = name == "rfind" ? lastIndex(of: target, in: scalars) : firstIndex(of: target, in: scalars)
            if found == nil, name == "index" { throw TemplateError(.jinjaValueError, "substring not found") }
            return .int(found ?? -1)
        case "isdigit": return .bool(!string.isEmpty && string.allSatisfy(\.isNumber))
        case "isalpha": return .bool(!string.isEmpty && string.allSatisfy(\.isLetter))
        case "isalnum": return .bool(!string.isEmpty && string.allSatisfy { $0.isLetter || $0.isNumber })
        case "isspace": return .bool(!string.isEmpty && string.allSatisfy(\.isWhitespace))
        case "islower": return .bool(string.contains(where: \.isLowercase) && !string.contains(where: \.isUppercase))
        case "isupper": return .bool(string.contains(where: \.isUppercase) && !string.contains(where: \.isLowercase))
        case "zfill", "center", "ljust", "rjust": return try pad(string, name, arguments)
        default: throw TemplateError(.jinjaTypeError, "'str' object has no attribute '\(name)'")
        }
    }

    static func strip(_ string: String, _ characters: Set<Unicode.Scalar>?, leading: Bool, trailing: Bool) -> String {
        let scalars = string.unicodeScalars
        let shouldStrip = { (scalar: Unicode.Scalar) in characters?.contains(scalar) ?? scalar.properties.isWhitespace }
        var start = scalars.startIndex
        var end = scalars.endIndex
        if leading { while start < end, shouldStrip(scalars[start]) { start = scalars.index(after: start) } }
        if trailing {
            while end > start, shouldStrip(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        }
        return String(scalars[start..<end])
    }

    private static func split(_ string: String, _ arguments: Arguments, fromRight: Bool) throws(TemplateError) -> Value
    {
        let bound = try arguments.bind(fromRight ? "rsplit" : "split", ["sep", "maxsplit"])
        let limit = bound[1]?.intValue ?? -1
        guard let separator = bound[0], !separator.isNone else {
            var words = string.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            if limit >= 0, words.count > limit + 1 {
                words =
                    fromRight
                    ? [words.dropLast(limit).joined(separator: " ")] + words.suffix(limit)
                    : Array(words.prefix(limit)) + [words.dropFirst(limit).joined(separator: " ")]
            }
            return .list(ListBox(words.map(Value.string)))
        }
        let sep = separator.renderedString
        guard !sep.isEmpty else { throw TemplateError(.jinjaValueError, "empty separator") }
        var parts = string.components(separatedBy: sep)
        if limit >= 0, parts.count > limit + 1 {
            parts =
                fromRight
                ? [parts.dropLast(limit).joined(separator: sep)] + parts.suffix(limit)
                : Array(parts.prefix(limit)) + [parts.dropFirst(limit).joined(separator: sep)]
        }
        return .list(ListBox(parts.map(Value.string)))
    }

    static func splitLines(_ string: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for character in string {
            if character == "\n" || character == "\r\n" || character == "\r" {
                lines.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private static func affix(_ string: String, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        let candidates = try ListMethods.single(arguments, name)
        let options = candidates.listItems ?? [candidates]
        let matches = options.contains { option in
            let text = option.renderedString
            return name == "startswith"
                ? string.unicodeScalars.starts(with: text.unicodeScalars)
                : string.unicodeScalars.reversed().starts(with: text.unicodeScalars.reversed())
        }
        return .bool(matches)
    }

    /// Python's `str.replace`, including the empty-`old` case that inserts between every character.
    static func replace(_ string: String, _ old: String, _ new: String, count: Int) -> String {
        if old.isEmpty {
            var out = new
            var replaced = 1
            for scalar in string.unicodeScalars {
                out.unicodeScalars.append(scalar)
                if count < 0 || replaced < count {
                    out += new
                    replaced += 1
                }
            }
            return out
        }
        let parts = string.components(separatedBy: old)
        guard count >= 0, parts.count - 1 > count else { return parts.joined(separator: new) }
        return parts.prefix(count + 1).joined(separator: new) + old + parts.dropFirst(count + 1).joined(separator: old)
    }

    /// Python's `str.title()`: a letter is uppercased after a non-letter and lowercased after a letter.
    static func pythonTitle(_ string: String) -> String {
        var out = ""
        var previousIsCased = false
        for character in string {
            if character.isLetter {
                out += previousIsCased ? character.lowercased() : character.uppercased()
                previousIsCased = true
            } else {
                out.append(character)
                previousIsCased = false
            }
        }
        return out
    }

    static func capitalize(_ string: String) -> String {
        guard let first = string.first else { return string }
        return first.uppercased() + string.dropFirst().lowercased()
    }

    static func occurrences(of needle: String, in string: String) -> Int {
        if needle.isEmpty { return string.unicodeScalars.count + 1 }
        return string.components(separatedBy: needle).count - 1
    }

    private static func firstIndex(of target: [Unicode.Scalar], in scalars: [Unicode.Scalar]) -> Int? {
        guard target.count <= scalars.count else { return nil }
        return (0...(scalars.count - target.count)).first { scalars[$0..<$0 + target.count].elementsEqual(target) }
    }

    private static func lastIndex(of target: [Unicode.Scalar], in scalars: [Unicode.Scalar]) -> Int? {
        guard target.count <= scalars.count else { return nil }
        return (0...(scalars.count - target.count)).last { scalars[$0..<$0 + target.count].elementsEqual(target) }
    }

    private static func pad(_ string: String, _ name: String, _ arguments: Arguments) throws(TemplateError) -> Value {
        let bound = try arguments.bind(name, ["width", "fillchar"], required: 1)
        guard case .int(let width) = bound[0]! else { throw TemplateError(.jinjaTypeError, "width must be an integer") }
        let fill: Character = bound[1]?.renderedString.first ?? (name == "zfill" ? "0" : " ")
        let missing = max(0, width - string.count)
        let padding = { (count: Int) in String(repeating: fill, count: count) }
        switch name {
        case "ljust": return .string(string + padding(missing))
        case "rjust": return .string(padding(missing) + string)
        case "center":
            let left = missing / 2 + (missing % 2 == 1 && width % 2 == 1 ? 1 : 0)
            return .string(padding(left) + string + padding(missing - left))
        default:
            if let sign = string.first, sign == "-" || sign == "+" {
                return .string(String(sign) + padding(missing) + string.dropFirst())
            }
            return .string(padding(missing) + string)
        }
    }
}
