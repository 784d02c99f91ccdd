public import StrataDiagnostics
import Yams

/// A parsed YAML value that remembers where each piece came from, so project errors can point at
/// `schema.yml:12:9` instead of naming only the file.
public struct YAMLNode: Sendable {
    /// The shape of a YAML value.
    public enum Kind: Sendable {
        case scalar(ConfigValue)
        case mapping([(key: YAMLNode, value: YAMLNode)])
        case sequence([YAMLNode])
    }

    /// The value.
    public let kind: Kind
    /// Where the value starts (YAML marks give a start, not an end; the span covers the scalar text when known).
    public var span: SourceSpan
    /// A mapping's keys as `stringValue` spells them, in order (empty for other kinds), for lookups: matching the
    /// key nodes themselves copies each (tens of reference counts per lookup), and properties files are looked
    /// up hundreds of thousands of times in a large project.
    private let keyTexts: [String?]

    public init(kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
        if case .mapping(let pairs) = kind { keyTexts = pairs.map(\.key.stringValue) } else { keyTexts = [] }
    }

    /// The plain value without locations.
    public var value: ConfigValue {
        switch kind {
        case .scalar(let v): return v
        case .sequence(let items): return .list(items.map(\.value))
        case .mapping(let pairs):
            var dict: [String: ConfigValue] = [:]
            for (key, value) in pairs { dict[key.stringValue ?? key.value.description] = value.value }
            return .dict(dict)
        }
    }

    /// The scalar as a string (numbers and booleans are spelled out).
    public var stringValue: String? {
        if case .scalar(let v) = kind { return v.stringValue }
        return nil
    }

    /// The value for a key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        guard let index = keyTexts.firstIndex(of: key), case .mapping(let pairs) = kind else { return nil }
        return pairs[index].value
    }

    /// The key node for a key of a mapping, to point at the key itself.
    public func keyNode(_ key: String) -> YAMLNode? {
        guard let index = keyTexts.firstIndex(of: key), case .mapping(let pairs) = kind else { return nil }
        return pairs[index].key
    }

    /// The pairs of a mapping, or nothing.
    public var pairs: [(key: YAMLNode, value: YAMLNode)] {
        if case .mapping(let pairs) = kind { return pairs }
        return []
    }

    /// The items of a sequence, or nothing.
    public var items: [YAMLNode] {
        if case .sequence(let items) = kind { return items }
        return []
    }

    /// Whether the node is a mapping.
    public var isMapping: Bool {
        if case .mapping = kind { return true }
        return false
    }
}

/// Parses YAML files into `YAMLNode`s, turning syntax errors into located diagnostics.
public enum YAMLParser {
    /// Parses one YAML document.
    /// - Parameters:
    ///   - file: the file holding the YAML.
    ///   - text: the YAML text; defaults to the whole file.
    ///   - baseOffset: where `text` starts inside `file` (for YAML embedded in a SQL header comment).
    /// - Returns: the root node, or nil for an empty document.
    /// - Throws: a `P1001` diagnostic at the error's location.
    public static func parse(_ file: SourceFile, text: String? = nil, baseOffset: Int = 0) throws(Diagnostic) -> YAMLNode? {
        if case .document(let root) = BlockYAMLReader.read(text ?? file.text, baseOffset: baseOffset) { return root }
        return try parseWithYams(file, text: text, baseOffset: baseOffset)
    }

    /// What `parse` falls back on for YAML outside `BlockYAMLReader`'s subset (and every error).
    static func parseWithYams(_ file: SourceFile, text: String? = nil, baseOffset: Int = 0) throws(Diagnostic) -> YAMLNode? {
        let yaml = text ?? file.text
        let lineShift = baseOffset == 0 ? 0 : file.location(of: baseOffset).line - 1
        let columnShift = baseOffset == 0 ? 0 : file.location(of: baseOffset).column - 1
        func offset(_ mark: Mark?) -> Int {
            guard let mark else { return baseOffset }
            let column = mark.line == 1 ? mark.column + columnShift : mark.column
            return file.offset(line: mark.line + lineShift, column: column)
        }
        do {
            // The basic resolver leaves plain scalars untagged; `scalarValue` resolves them without Yams's
            // regular expressions, which dominated load time for large properties files.
            guard let node = try Yams.compose(yaml: yaml, .basic) else { return nil }
            return convert(node, offset: offset)
        } catch let error as YamlError {
            throw diagnostic(for: error, file: file, offset: offset)
        } catch {
            throw Diagnostic(code: "P1001", message: "invalid YAML: \(error)", path: file.path)
        }
    }

    private static func convert(_ node: Node, offset: (Mark?) -> Int) -> YAMLNode {
        switch node {
        case .scalar(let scalar):
            let start = offset(scalar.mark)
            let span = SourceSpan(start: start, end: start + (scalar.style == .plain ? scalar.string.utf8.count : 1))
            return YAMLNode(kind: .scalar(scalarValue(node, scalar)), span: span)
        case .mapping(let mapping):
            let pairs = mapping.map { (key: convert($0.key, offset: offset), value: convert($0.value, offset: offset)) }
            return YAMLNode(kind: .mapping(pairs), span: .point(offset(mapping.mark)))
        case .sequence(let sequence):
            return YAMLNode(kind: .sequence(sequence.map { convert($0, offset: offset) }), span: .point(offset(sequence.mark)))
        case .alias(let alias):
            return YAMLNode(kind: .scalar(.null), span: .point(offset(alias.mark)))
        }
    }

    private static func scalarValue(_ node: Node, _ scalar: Node.Scalar) -> ConfigValue {
        guard scalar.style == .plain else { return .string(scalar.string) }
        return YAMLScalar.resolve(scalar.string)
    }

    private static func diagnostic(for error: YamlError, file: SourceFile, offset: (Mark?) -> Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let at = offset(mark)
            var message = "invalid YAML: \(problem)"
            if let context { message += " \(context.text)" }
            let help = "check the indentation and quoting around this line"
            return .error("P1001", message, in: file, at: SourceSpan(start: at, end: at + 1), help: help)
        default:
            return Diagnostic(code: "P1001", message: "invalid YAML: \(error)", path: file.path)
        }
    }
}
