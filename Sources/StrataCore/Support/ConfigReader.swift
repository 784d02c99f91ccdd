import Foundation
import StrataDiagnostics

/// Walks a Strata-only YAML config (replication, schedules, exports), emitting every problem at its place in the
/// file and remembering whether any was an error.
struct ConfigReader {
    let file: SourceFile
    let diagnostics: DiagnosticCollector
    /// The code of a malformed value, and of an unknown key.
    var code: DiagnosticCode = "R8001"
    var unknownKeyCode: DiagnosticCode = "R8002"
    var failed = false

    init(file: SourceFile, diagnostics: DiagnosticCollector, code: DiagnosticCode = "R8001", unknownKeyCode: DiagnosticCode = "R8002") {
        self.file = file
        self.diagnostics = diagnostics
        self.code = code
        self.unknownKeyCode = unknownKeyCode
    }

    mutating func error(_ message: String, at span: SourceSpan, code: DiagnosticCode? = nil, help: String? = nil) {
        failed = true
        diagnostics.emit(.error(code ?? self.code, message, in: file, at: span, help: help))
    }

    /// Unknown keys are errors: a misspelt `exclude` must not let personal data through.
    mutating func checkKeys(_ node: YAMLNode, allowed: [String], what: String) {
        for (key, _) in node.pairs {
            let name = key.stringValue ?? ""
            guard !allowed.contains(name) else { continue }
            let suggestion = EditDistance.suggestion(for: name, among: allowed).map { "did you mean '\($0)'?" }
            error(
                "unknown key '\(name)' in \(what)", at: key.span, code: unknownKeyCode,
                help: suggestion ?? "known keys: \(allowed.joined(separator: ", "))")
        }
    }

    mutating func string(_ node: YAMLNode, key: String) -> String? {
        guard let text = node.stringValue, !text.isEmpty else {
            error("'\(key)' must be a single non-empty value", at: node.span)
            return nil
        }
        return text
    }

    /// A scalar with `{{ env_var(...) }}` rendered, as in profiles.
    mutating func rendered(_ node: YAMLNode, key: String) -> String? {
        guard let text = string(node, key: key) else { return nil }
        guard text.contains("{{") else { return text }
        do {
            return try ProfileRenderer.render(text, SourceFile(path: file.path, text: text))
        } catch {
            // The template's own positions are relative to the value: point at the value in the file instead.
            self.error("cannot render '\(key)': \(error.message)", at: node.span, help: error.help)
            return nil
        }
    }
}
