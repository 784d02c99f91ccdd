import Foundation
import StrataJinja

/// `modules.datetime` (`DateTime/`) and `modules.re`, the parts of Python's modules dbt projects use.
enum Modules {
    static let value: Value = .dict([
        ("datetime", .object(DateTimeModule())),
        ("re", .object(RegexModule())),
    ])
}

/// `modules.re`: `match`, `search`, `sub`, `findall`, `split`, `compile`, with Python's syntax as far as
/// NSRegularExpression shares it.
struct RegexModule: JinjaObject {
    var typeName: String { "module 're'" }

    var attributeNames: [String] { ["match", "search", "fullmatch", "sub", "findall", "split", "compile", "escape", "IGNORECASE", "I"] }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "IGNORECASE", "I": return .int(2)
        case "MULTILINE", "M": return .int(8)
        case "DOTALL", "S": return .int(16)
        default: return nil
        }
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        if name == "escape" { return .string(NSRegularExpression.escapedPattern(for: arguments[0]?.renderedString ?? "")) }
        guard let pattern = arguments[0]?.stringValue else {
            throw TemplateError(.jinjaArguments, "re.\(name)() takes a pattern string first", target: .argument(0))
        }
        let rest = Arguments(Array(arguments.positional.dropFirst()), keywords: arguments.keywords)
        if name == "compile" {
            return .object(try RegexObject(pattern: pattern, flags: arguments[1]?.intValue ?? arguments[keyword: "flags"]?.intValue ?? 0))
        }
        let flagIndex = ["sub": 3, "split": 2][name] ?? 1
        let flags = rest[flagIndex + (name == "sub" ? 0 : 0)]?.intValue ?? rest[keyword: "flags"]?.intValue ?? 0
        return try RegexObject(pattern: pattern, flags: flags).callMethod(name, rest, context: context)
    }
}

/// A compiled pattern (`re.compile(...)`).
struct RegexObject: JinjaObject {
    let pattern: String
    let expression: NSRegularExpression

    init(pattern: String, flags: Int) throws {
        var options: NSRegularExpression.Options = []
        if flags & 2 != 0 { options.insert(.caseInsensitive) }
        if flags & 8 != 0 { options.insert(.anchorsMatchLines) }
        if flags & 16 != 0 { options.insert(.dotMatchesLineSeparators) }
        do {
            expression = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw TemplateError(.jinjaValueError, "invalid regular expression '\(pattern)'", target: .argument(0))
        }
        self.pattern = pattern
    }

    var typeName: String { "re.Pattern" }

    func attribute(_ name: String) -> Value? { name == "pattern" ? .string(pattern) : nil }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        let text = arguments[0]?.renderedString ?? ""
        let whole = NSRange(text.startIndex..., in: text)
        switch name {
        case "match", "search", "fullmatch":
            let options: NSRegularExpression.MatchingOptions = name == "search" ? [] : [.anchored]
            guard let match = expression.firstMatch(in: text, options: options, range: whole) else { return Value.none }
            if name == "fullmatch", match.range.length != whole.length { return Value.none }
            return .object(MatchObject(text: text, match: match))
        case "findall":
            return .list(expression.matches(in: text, range: whole).map { match in
                let groups = (1..<max(1, match.numberOfRanges)).map { MatchObject(text: text, match: match).group($0) }
                if match.numberOfRanges == 1 { return MatchObject(text: text, match: match).group(0) }
                return groups.count == 1 ? groups[0] : .tuple(groups)
            })
        case "sub":
            let replacement = (arguments[0]?.renderedString ?? "")
            let subject = arguments[1]?.renderedString ?? ""
            let count = arguments[2]?.intValue ?? arguments[keyword: "count"]?.intValue ?? 0
            // Python writes group references as \1; NSRegularExpression as $1.
            let template = NSRegularExpression.escapedTemplate(for: replacement)
                .replacingOccurrences(of: #"\\\\(\d)"#, with: "\\$$1", options: .regularExpression)
            let range = NSRange(subject.startIndex..., in: subject)
            if count <= 0 {
                return .string(expression.stringByReplacingMatches(in: subject, range: range, withTemplate: template))
            }
            var result = subject
            for _ in 0..<count {
                let current = NSRange(result.startIndex..., in: result)
                guard let match = expression.firstMatch(in: result, range: current) else { break }
                let piece = expression.replacementString(for: match, in: result, offset: 0, template: template)
                result = (result as NSString).replacingCharacters(in: match.range, with: piece)
            }
            return .string(result)
        case "split":
            var pieces: [Value] = []
            var last = text.startIndex
            for match in expression.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text) else { continue }
                pieces.append(.string(String(text[last..<range.lowerBound])))
                last = range.upperBound
            }
            pieces.append(.string(String(text[last...])))
            return .list(pieces)
        default:
            return nil
        }
    }
}

/// A match: `group()`, `groups()`, `start()`, `end()`, `span()`.
struct MatchObject: JinjaObject {
    let text: String
    /// The whole match, then each group (NSNotFound location for a group that did not take part).
    let ranges: [NSRange]

    init(text: String, match: NSTextCheckingResult) {
        self.text = text
        self.ranges = (0..<match.numberOfRanges).map { match.range(at: $0) }
    }

    var typeName: String { "re.Match" }

    func group(_ index: Int) -> Value {
        guard index < ranges.count, let range = Range(ranges[index], in: text) else { return .none }
        return .string(String(text[range]))
    }

    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? {
        switch name {
        case "group":
            if arguments.positional.count > 1 { return .tuple(arguments.positional.map { group($0.intValue ?? 0) }) }
            return group(arguments[0]?.intValue ?? 0)
        case "groups": return .tuple((1..<max(1, ranges.count)).map(group))
        case "start": return .int(ranges[min(arguments[0]?.intValue ?? 0, ranges.count - 1)].location)
        case "end": return .int(NSMaxRange(ranges[min(arguments[0]?.intValue ?? 0, ranges.count - 1)]))
        case "span":
            let range = ranges[min(arguments[0]?.intValue ?? 0, ranges.count - 1)]
            return .tuple([.int(range.location), .int(NSMaxRange(range))])
        default: return nil
        }
    }

    func item(_ key: Value) -> Value? { key.intValue.map(group) }

    var renderedString: String { "<re.Match object; match='\(group(0).renderedString)'>" }
}
