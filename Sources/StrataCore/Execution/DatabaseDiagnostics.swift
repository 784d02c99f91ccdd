import Foundation
public import StrataDiagnostics

/// Turns database failures into diagnostics that point at the model file, keeping every server field.
public enum DatabaseDiagnostics {
    /// Builds the diagnostic for an error raised while running a node.
    /// - Parameters:
    ///   - error: a `DatabaseError`, a `Diagnostic`, or anything else.
    ///   - node: the node being run, when there is one.
    ///   - artifactPath: where the executed SQL was written, for the note.
    ///   - subject: what failed when there is no node (`run`, `query`).
    /// - Returns: a `D3001` (statement failed) or `D3002` (connection lost) diagnostic, or the diagnostic itself.
    public static func diagnostic(for error: any Error, node: CompiledNode?, artifactPath: String?, subject: String = "run") -> Diagnostic {
        if let diagnostic = error as? Diagnostic { return diagnostic }
        guard let error = error as? DatabaseError else {
            return Diagnostic(code: "D3000", message: "\(error)", path: node?.file?.path)
        }
        var what = subject
        if let node { what = "\(node.graphNode.resourceType.rawValue) '\(node.graphNode.name)'" }
        let codeText = error.code.map { " (\($0))" } ?? ""
        var diagnostic = Diagnostic(
            code: error.connectionLost ? "D3002" : "D3001",
            message: subject == "connection" && node == nil ? "\(error.message)\(codeText)" : "database error in \(what): \(error.message)\(codeText)",
            path: node?.file?.path)
        if let node, let label = location(of: error, in: node) { diagnostic.primary = label }
        if let detail = error.detail { diagnostic.notes.append("detail (from the database): \(detail)") }
        // Only server errors carry a SQLSTATE; hints on Strata's own errors (connecting, TLS) are not the database's.
        if let hint = error.hint { diagnostic.help = error.code == nil ? hint : "\(hint) (hint from the database)" }
        if let artifactPath {
            var suffix = ""
            if let code = node?.compiledCode, let location = compiledLocation(of: error, in: code) { suffix = ":\(location)" }
            diagnostic.notes.append("compiled SQL: \(artifactPath)\(suffix)")
        }
        if error.connectionLost { diagnostic.help = diagnostic.help ?? "check that the database is reachable and retry" }
        return diagnostic
    }

    /// Maps the server's position (or, for engines without one, the name the message complains about) back to
    /// the template through the node's source map.
    static func location(of error: DatabaseError, in node: CompiledNode) -> Label? {
        guard let code = node.compiledCode, let map = node.sourceMap, let offset = offset(of: error, in: code) else { return nil }
        guard let origin = map.origin(of: SourceSpan(start: offset.start, end: offset.end)) else { return nil }
        let text = error.hint == nil ? "" : "here"
        return Label(file: origin.file, span: origin.span, text: text)
    }

    private static func compiledLocation(of error: DatabaseError, in code: String) -> String? {
        guard let offset = offset(of: error, in: code) else { return nil }
        return SourceFile(path: "", text: code).location(of: offset.start).description
    }

    private static func offset(of error: DatabaseError, in code: String) -> SourceSpan? {
        if let position = error.position, error.sql == nil || error.sql == code {
            let scalars = code.unicodeScalars
            let index = scalars.index(scalars.startIndex, offsetBy: max(0, min(position - 1, scalars.count)))
            let start = code.utf8.distance(from: code.utf8.startIndex, to: index)
            let end = wordEnd(in: code, from: start)
            return SourceSpan(start: start, end: end)
        }
        for prefix in ["no such column: ", "no such table: ", "no such function: "] where error.message.hasPrefix(prefix) {
            let name = String(error.message.dropFirst(prefix.count))
            for candidate in [name, name.split(separator: ".").last.map(String.init) ?? name] {
                if let range = wordRange(of: candidate, in: code) { return range }
            }
        }
        return nil
    }

    private static func wordRange(of word: String, in code: String) -> SourceSpan? {
        var searchStart = code.startIndex
        while let range = code.range(of: word, options: [.caseInsensitive], range: searchStart..<code.endIndex) {
            let before = range.lowerBound == code.startIndex ? nil : code[code.index(before: range.lowerBound)]
            let after = range.upperBound == code.endIndex ? nil : code[range.upperBound]
            let isBoundary = { (c: Character?) in c.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true }
            if isBoundary(before), isBoundary(after) {
                let start = code.utf8.distance(from: code.utf8.startIndex, to: range.lowerBound)
                return SourceSpan(start: start, end: start + word.utf8.count)
            }
            searchStart = range.upperBound
        }
        return nil
    }

    private static func wordEnd(in code: String, from start: Int) -> Int {
        let bytes = Array(code.utf8)
        var end = start
        while end < bytes.count, bytes[end] == UInt8(ascii: "_") || (bytes[end] | 0x20 >= 97 && bytes[end] | 0x20 <= 122) || (bytes[end] >= 48 && bytes[end] <= 57) || bytes[end] >= 0x80 {
            end += 1
        }
        return max(end, start + 1)
    }
}
