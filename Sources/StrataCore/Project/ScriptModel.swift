public import StrataDiagnostics

/// What a model file is written in.
public enum ModelLanguage: String, Sendable, Hashable {
    /// SQL, templated or not.
    case sql
    /// A program (a `.py` file, or any executable file starting with `#!`) that prints the model's rows.
    case script
}

/// A `depends_on` entry of a script model's header.
public struct DeclaredDependency: Sendable, Hashable {
    /// The name as written (`core.users`, or a dbt model name).
    public var name: String
    /// Where it is written.
    public var span: SourceSpan
}

/// Script models: `models/<schema>/<name>.py`, or any executable file with a shebang, run at build time; the rows
/// they print (CSV with a header, or JSON lines) are loaded into the model's table.
///
/// Their header is the comment block they start with (after the shebang), one `# key: value` per line, the value
/// YAML:
///
///     #!/usr/bin/env python3
///     # depends_on: [core.users]
///     # description: Users scored by the churn model.
///     # timeout: 600
enum ScriptModel {
    /// Keys the header reads; other comment lines are prose.
    static let headerKeys: Set<String> = [
        "depends_on", "description", "timeout", "tags", "enabled", "schema", "alias", "meta", "format", "indexes",
        "grants", "history", "persist_docs", "full_refresh",
    ]

    /// Model files that are not SQL and are never scripts even when executable.
    private static let otherExtensions: Set<String> = ["sql", "yml", "yaml", "md", "csv", "json", "txt", "jinja", "j2"]

    /// Whether a file under a model path is a script model.
    static func isScript(_ absolutePath: String, relative: String, fileSystem: any FileSystem) -> Bool {
        let ext = PathText.ext(relative)
        if ext == "py" { return true }
        guard !otherExtensions.contains(ext), !PathText.lastComponent(relative).hasPrefix("."),
            fileSystem.isExecutable(absolutePath), let text = try? fileSystem.readText(absolutePath)
        else { return false }
        return text.hasPrefix("#!")
    }

    /// A script's header.
    struct Header {
        /// `depends_on` entries with where each is written.
        var dependsOn: [DeclaredDependency] = []
        var description: String?
        var config: [String: ConfigValue] = [:]
    }

    /// Reads the leading comment block; malformed values are reported with their position.
    static func header(_ file: SourceFile, diagnostics: DiagnosticCollector) -> Header {
        var header = Header()
        var offset = 0
        for line in file.text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { offset += line.utf8.count + 1 }
            if offset == 0, line.hasPrefix("#!") { continue }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("#") else { break }
            let content = trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }
            guard let colon = content.firstIndex(of: ":") else { continue }
            let key = String(content[..<colon])
            guard headerKeys.contains(key) else { continue }
            let valueText = String(content[content.index(after: colon)...])
            let valueOffset = offset + line.utf8.count - valueText.utf8.count
            let node: YAMLNode?
            do {
                node = try YAMLParser.parse(file, text: valueText, baseOffset: valueOffset)
            } catch {
                diagnostics.emit(error)
                continue
            }
            guard let node else { continue }
            switch key {
            case "depends_on":
                let entries = node.items.isEmpty && node.stringValue != nil ? [node] : node.items
                for entry in entries {
                    guard let name = entry.stringValue else {
                        diagnostics.emit(
                            .error(
                                "P1120", "depends_on entries must be model, seed or source names", in: file,
                                at: entry.span, label: "not a name", help: "e.g. # depends_on: [core.users, raw.events]"))
                        continue
                    }
                    header.dependsOn.append(DeclaredDependency(name: name, span: entry.span))
                }
            case "description": header.description = node.stringValue
            default: header.config[key] = node.value
            }
        }
        return header
    }
}

extension Model {
    /// Marks the model as a script: it is executed, not rendered, and loaded like a table.
    mutating func makeScript(at absolutePath: String, header: ScriptModel.Header) {
        self.language = .script
        self.scriptPath = absolutePath
        self.declaredDependencies = header.dependsOn
        self.config.set("materialized", .string("table"))
    }
}
