import Foundation
import StrataDiagnostics

/// A source whose rows live in files of the project: `external: {location: data/budgets}` names a folder of CSV
/// or JSON-lines files (or one file), which `strata build` loads into the source's table, reloading only when
/// the files change.
public struct FileSourceLocation: Sendable, Hashable {
    /// The folder or file as written, relative to the project.
    public var location: String
    /// The data files, absolute, sorted.
    public var files: [String]
    /// SHA-256 over every file's name and contents: what decides whether the table is reloaded.
    public var checksum: String

    /// File types read: CSV with a header, and JSON lines.
    static let extensions: Set<String> = ["csv", "jsonl", "ndjson"]
}

extension ProjectLoader {
    /// The file location of a source table, when its `external.location` is a local path; a location that is not
    /// there is an error at the YAML line.
    func fileSourceLocation(_ external: YAMLNode?, root: String, file: SourceFile) -> FileSourceLocation? {
        guard let locationNode = external?["location"], let location = locationNode.stringValue,
            !location.contains("://")
        else { return nil }
        let absolute = location.hasPrefix("/") ? location : PathText.join(root, location)
        var files: [String] = []
        if fileSystem.isDirectory(absolute) {
            files = fileSystem.filesRecursively(in: absolute)
                .filter { FileSourceLocation.extensions.contains(PathText.ext($0)) && !PathText.lastComponent($0).hasPrefix(".") }
                .map { PathText.join(absolute, $0) }
        } else if fileSystem.exists(absolute) {
            files = [absolute]
        } else {
            diagnostics.emit(
                .error(
                    "P1122", "file source location '\(location)' does not exist", in: file, at: locationNode.span,
                    label: "no such file or folder", help: "a folder of .csv or .jsonl files, relative to the project"))
            return nil
        }
        var digest = ""
        for path in files.sorted() {
            let text = (try? fileSystem.readText(path)) ?? ""
            digest += PathText.lastComponent(path) + "\u{0}" + SHA256.hex(text) + "\n"
        }
        return FileSourceLocation(location: location, files: files.sorted(), checksum: SHA256.hex(digest))
    }
}

/// Reads a file source's files into one table.
enum FileSourceTable {
    /// Every file's rows under the first file's columns; CSV files must share the header.
    static func table(for node: CompiledNode) throws -> SeedTable {
        guard let source = node.fileSource else { throw DatabaseError(message: "source \(node.id) has no files") }
        var header: [UInt8]?
        var body: [UInt8] = []
        for path in source.files {
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            if PathText.ext(path) != "csv" { bytes = try JSONLines.csv(from: bytes) }
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            guard !bytes.isEmpty else { continue }
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let first = Array(bytes[..<end]).filter { $0 != UInt8(ascii: "\r") }
            if let header, header != first {
                throw Diagnostic(
                    code: "R5210",
                    message: "\(path) has the columns \(String(decoding: first, as: UTF8.self)), but the source's first file has \(String(decoding: header, as: UTF8.self))",
                    help: "every file of a file source needs the same header", path: path)
            }
            if header == nil { header = first }
            if end < bytes.endIndex { body += bytes[bytes.index(after: end)...] }
            if let last = body.last, last != UInt8(ascii: "\n") { body.append(UInt8(ascii: "\n")) }
        }
        guard let header else {
            throw Diagnostic(code: "R5210", message: "file source \(node.graphNode.name) has no rows: \(source.location) holds no data", path: node.file?.path)
        }
        return try SeedParser.parse(bytes: header + [UInt8(ascii: "\n")] + body, path: source.location)
    }
}
