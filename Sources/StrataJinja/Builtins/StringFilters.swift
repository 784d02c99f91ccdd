import Foundation

/// Text filters: case, trimming, replacing, indenting, truncating, formatting and escaping.
enum StringFilters {
    static let all: [String: FilterFunction] = [
        "lower": { value, _, _ in .string(value.renderedString.lowercased()) },
        "upper": { value, _, _ in .string(value.renderedString.uppercased()) },
        "title": { value, _, _ in .string(title(value.renderedString)) },
        "capitalize": { value, _, _ in .string(StringMethods.capitalize(value.renderedString)) },
        "trim": { value, arguments, _ in
            let bound = try arguments.bind("trim", ["chars"])
            let characters = bound[0].flatMap { $0.isNone ? nil : Set($0.renderedString.unicodeScalars) }
            return .string(StringMethods.strip(value.renderedString, characters, leading: true, trailing: true))
        },
        "replace": { value, arguments, _ in
            let bound = try arguments.bind("replace", ["old", "new", "count"], required: 2)
            return .string(
                StringMethods.replace(
                    value.renderedString, bound[0]!.renderedString, bound[1]!.renderedString,
                    count: bound[2]?.intValue ?? -1))
        },
        "truncate": truncate,
        "indent": indent,
        "center": { value, arguments, _ in
            let bound = try arguments.bind("center", ["width"])
            return try StringMethods.call(value.renderedString, "center", Arguments([bound[0] ?? .int(80)]))
        },
        "wordcount": { value, _, _ in .int(wordCount(value.renderedString)) },
        "striptags": { value, _, _ in .string(stripTags(value.renderedString)) },
        "format": { value, arguments, _ in
            if !arguments.positional.isEmpty, !arguments.keywords.isEmpty {
                throw TemplateError(.jinjaArguments, "can't handle positional and keyword arguments at the same time")
            }
            let values: Value =
                arguments.keywords.isEmpty
                ? .tuple(arguments.positional) : .dict(arguments.keywords.map { ($0.name, $0.value) })
            return .string(try PercentFormat.format(value.renderedString, values))
        },
        "escape": { value, _, _ in .string(escapeHTML(value.renderedString)) },
        "e": { value, _, _ in .string(escapeHTML(value.renderedString)) },
        "forceescape": { value, _, _ in .string(escapeHTML(value.renderedString)) },
        "safe": { value, _, _ in value },
    ]

    /// Jinja2's `title`: words start after whitespace, `-`, `(`, `{`, `[` or `<`.
    static func title(_ string: String) -> String {
        var out = ""
        var atWordStart = true
        for character in string {
            if character.isWhitespace || "-({[<".contains(character) {
                out.append(character)
                atWordStart = true
            } else {
                out += atWordStart ? character.uppercased() : character.lowercased()
                atWordStart = false
            }
        }
        return out
    }

    private static func truncate(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("truncate", ["length", "killwords", "end", "leeway"])
        let length = bound[0]?.intValue ?? 255
        let end = bound[2]?.renderedString ?? "..."
        let leeway = bound[3]?.intValue ?? 5
        if value.stringValue == nil, let count = try? value.length(), count <= length + leeway { return value }
        let scalars = Array(value.renderedString.unicodeScalars)
        guard length >= end.unicodeScalars.count else {
            throw TemplateError(.jinjaValueError, "expected length >= \(end.unicodeScalars.count), got \(length)")
        }
        if scalars.count <= length + leeway { return .string(value.renderedString) }
        let kept = String(String.UnicodeScalarView(scalars.prefix(length - end.unicodeScalars.count)))
        if bound[1]?.isTruthy ?? false { return .string(kept + end) }
        guard let space = kept.lastIndex(of: " ") else { return .string(kept + end) }
        return .string(String(kept[..<space]) + end)
    }

    private static func indent(_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value {
        let bound = try arguments.bind("indent", ["width", "first", "blank"])
        let indentation: String
        switch bound[0] {
        case .string(let string)?: indentation = string
        case let width?: indentation = String(repeating: " ", count: max(0, width.intValue ?? 4))
        case nil: indentation = "    "
        }
        var lines = StringMethods.splitLines(value.renderedString + "\n")
        var result: String
        if bound[2]?.isTruthy ?? false {
            result = lines.joined(separator: "\n" + indentation)
        } else {
            result = lines.isEmpty ? "" : lines.removeFirst()
            if !lines.isEmpty {
                result += "\n" + lines.map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
            }
        }
        if bound[1]?.isTruthy ?? false { result = indentation + result }
        return .string(result)
    }

    static func wordCount(_ string: String) -> Int {
        var count = 0
        var inWord = false
        for character in string {
            let isWordCharacter = character.isLetter || character.isNumber || character == "_"
            if isWordCharacter, !inWord { count += 1 }
            inWord = isWordCharacter
        }
        return count
    }

    /// Removes `<…>` tags and `<!-- … -->` comments, collapses whitespace and decodes common entities.
    static func stripTags(_ string: String) -> String {
        var text = ""
        var rest = Substring(string)
        while let open = rest.firstIndex(of: "<") {
            text += rest[..<open]
            let isComment = rest[open...].hasPrefix("<!--")
            let terminator = isComment ? "-->" : ">"
            guard let close = rest[open...].range(of: terminator) else {
                rest = rest[open...]
                break
            }
            rest = rest[close.upperBound...]
        }
        text += rest
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return unescapeHTML(collapsed)
    }

    static func escapeHTML(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for character in string {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func unescapeHTML(_ string: String) -> String {
        let entities = [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#34;", "\""), ("&#39;", "'"), ("&amp;", "&"),
        ]
        var out = string
        for (entity, replacement) in entities where out.contains(entity) {
            out = StringMethods.replace(out, entity, replacement, count: -1)
        }
        return out
    }
}
