public import Foundation
import StrataDiagnostics

/// Writes what a command produced under the target path: compiled and executed SQL per node, and the
/// dbt-compatible `manifest.json` and `run_results.json`.
public struct ArtifactWriter: Sendable {
    /// Absolute path of the target folder (`<project>/target`).
    public let targetPath: String
    /// The target folder as shown to users (`target`, relative to the project).
    public let displayTargetPath: String
    /// Identifies this invocation in every artifact.
    public let invocationID: String
    /// When the invocation started.
    public let startedAt: Date

    /// Creates a writer.
    public init(targetPath: String, displayTargetPath: String = "target", invocationID: String = UUID().uuidString.lowercased(), startedAt: Date = Date()) {
        self.targetPath = targetPath
        self.displayTargetPath = displayTargetPath
        self.invocationID = invocationID
        self.startedAt = startedAt
    }

    /// `target/compiled/<package>/<path>` for a node.
    public func compiledPath(for node: CompiledNode) -> String {
        PathText.join(targetPath, "compiled", node.graphNode.packageName, node.artifactPath)
    }

    /// `target/run/<package>/<path>` for a node.
    public func runPath(for node: CompiledNode) -> String {
        PathText.join(targetPath, "run", node.graphNode.packageName, node.artifactPath)
    }

    /// `target/run/<package>/<path>` as shown in diagnostics.
    public func displayRunPath(for node: CompiledNode) -> String {
        PathText.join(displayTargetPath, "run", node.graphNode.packageName, node.graphNode.path)
    }

    /// Writes a node's compiled SQL.
    public func writeCompiledSQL(_ node: CompiledNode) {
        guard let code = node.compiledCode else { return }
        write(code, to: compiledPath(for: node))
    }

    /// Writes the compiled SQL of many nodes, on all cores.
    public func writeCompiledSQL(_ nodes: [CompiledNode]) {
        let files = nodes.compactMap { node in node.compiledCode.map { (path: compiledPath(for: node), code: $0) } }
        for folder in Set(files.map { PathText.parent($0.path) }) {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            Self.writeFile(files[index].path, files[index].code)
        }
    }

    /// Writes the SQL a node ran.
    public func writeRunSQL(_ node: CompiledNode, sql: String) {
        write(sql, to: runPath(for: node))
    }

    /// Writes `manifest.json`.
    /// - Parameter compiledCode: whether nodes carry their compiled SQL; `parse` leaves it out, as dbt's does.
    public func writeManifest(_ compiled: CompiledProject, compiledCode: Bool = true) throws {
        try FileManager.default.createDirectory(atPath: targetPath, withIntermediateDirectories: true)
        let path = PathText.join(targetPath, "manifest.json")
        let file = try StreamedFile(replacing: path)
        let builder = ManifestBuilder(
            compiled: compiled, invocationID: invocationID, generatedAt: startedAt, includesCompiledCode: compiledCode)
        try builder.write(to: file.writeInBackground)
        try file.commit()
    }

    /// Writes `run_results.json`.
    public func writeRunResults(_ summary: RunSummary, arguments: [String: JSON]) throws {
        let results = RunResultsBuilder(invocationID: invocationID, generatedAt: Date()).build(summary, arguments: arguments)
        try writeThrowing(results.encoded(pretty: true), to: PathText.join(targetPath, "run_results.json"))
    }

    /// Writes `sources.json`, the results of `strata source freshness`.
    /// - Parameters:
    ///   - results: one per checked source table.
    ///   - elapsed: the command's wall time in seconds.
    ///   - path: where to write (dbt's `--output`); default `<target>/sources.json`.
    /// - Throws: when the file cannot be written.
    public func writeSourceFreshness(_ results: [FreshnessResult], elapsed: Double, to path: String? = nil) throws {
        let json = SourcesResultsBuilder(invocationID: invocationID, generatedAt: Date()).build(results, elapsed: elapsed)
        try writeThrowing(json.encoded(pretty: true), to: path ?? PathText.join(targetPath, "sources.json"))
    }

    /// Writes the docs site: `docs/index.html`, its SQL chunks `docs/code/<n>.js` and `docs/docs.json` (its data), stamped with
    /// the invocation's start time; and dbt's `catalog.json` when the warehouse catalog was read.
    /// - Parameters:
    ///   - compiled: the project to document.
    ///   - lineage: its column lineage, when analysed.
    ///   - warehouse: catalog, state and freshness facts, when read.
    /// - Returns: the path of `index.html`.
    /// - Throws: when a file cannot be written.
    @discardableResult
    public func writeDocs(
        _ compiled: CompiledProject, lineage: ProjectLineage? = nil, warehouse: DocsWarehouse = DocsWarehouse()
    ) throws -> String {
        let site = DocsSite(
            compiled: compiled, lineage: lineage, warehouse: warehouse, generatedAt: ArtifactDate.string(startedAt))
        let folder = PathText.join(targetPath, "docs")
        let index = PathText.join(folder, "index.html")
        let code = PathText.join(folder, "code")
        // Chunks of an earlier, bigger site would be stale: the page only asks for the ones it names.
        try? FileManager.default.removeItem(atPath: code)
        for (number, chunk) in site.codeChunks.enumerated() {
            try writeThrowing(chunk, to: PathText.join(code, "\(number).js"))
        }
        try writeThrowing(site.dataJSON, to: PathText.join(folder, "docs.json"))
        try writeThrowing(site.html, to: index)
        if let catalog = warehouse.catalog {
            let json = CatalogBuilder(invocationID: invocationID, generatedAt: startedAt).build(compiled, catalog: catalog)
            try writeThrowing(json.encoded(pretty: true), to: PathText.join(targetPath, "catalog.json"))
        }
        return index
    }

    /// Writes any text file below the target folder, creating folders as needed.
    public func write(_ text: String, to path: String) {
        try? writeThrowing(text, to: path)
    }

    /// Writes with plain POSIX calls. Foundation's `Data.write` syncs every file to disk, and on ext4 both
    /// truncating a file to zero and unlinking it cost more than compiling a model; so a file that already holds
    /// the same text is left alone, and otherwise it is overwritten in place and shrunk to the new length.
    static func writeFile(_ path: String, _ text: String) {
        let descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        text.withUTF8Bytes { buffer in
            var status = stat()
            if fstat(descriptor, &status) == 0, Int(status.st_size) == buffer.count, buffer.count > 0 {
                let existing = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count, alignment: 1)
                defer { existing.deallocate() }
                if pread(descriptor, existing.baseAddress, buffer.count, 0) == buffer.count,
                    memcmp(existing.baseAddress!, buffer.baseAddress!, buffer.count) == 0
                {
                    return
                }
            }
            var offset = 0
            while offset < buffer.count {
                let written = pwrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset))
                if written <= 0 { break }
                offset += written
            }
            _ = ftruncate(descriptor, off_t(buffer.count))
        }
    }

    private func writeThrowing(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}

extension StreamedFile {
    /// Swaps two paths' files in one step (Linux's `renameat2` with `RENAME_EXCHANGE`); false where that is not
    /// possible (no file at `target` yet, another system, a file system without it).
    fileprivate static func exchange(_ source: String, _ target: String) -> Bool {
        #if os(Linux)
        guard let renameAt2 else { return false }
        let renameExchange: UInt32 = 2
        return renameAt2(AT_FDCWD, source, AT_FDCWD, target, renameExchange) == 0
        #else
        return false
        #endif
    }

    #if os(Linux)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// Looked up: Glibc's module leaves `renameat2` out (it is declared only for `_GNU_SOURCE`).
    private static let renameAt2: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2").map {
        unsafeBitCast($0, to: RenameAt2.self)
    }
    #endif
}

/// ISO 8601 timestamps with microseconds, as dbt writes them.
enum ArtifactDate {
    static func string(_ date: Date) -> String { UTCTimestamp.string(date, fractionDigits: 6) }
}

/// A file written in pieces and put in place at once: the text goes to a temporary file beside the final one,
/// swapped in for it by `commit()`, so a tool reading the old file never sees a half-written one. Closed (and the
/// temporary file removed) if never committed.
final class StreamedFile: @unchecked Sendable {
    private let path: String
    private let temporaryPath: String
    private var descriptor: Int32

    init(replacing path: String) throws {
        self.path = path
        temporaryPath = path + ".\(getpid()).tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: temporaryPath) }
    }

    /// Which file could not be written and the system's reason (`No space left on device`).
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason = String(cString: strerror(errno))
        var description: String { "\(path): \(reason)" }
    }

    deinit {
        writer?.finish()
        guard descriptor >= 0 else { return }
        close(descriptor)
        unlink(temporaryPath)
    }

    /// Writes `piece` after the pieces before it.
    func write(_ piece: ByteBuffer) throws { try write(bytes: piece.bytes) }

    private func write(bytes: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(path: temporaryPath)
            }
            offset += written
        }
    }

    // Pieces handed to `writeInBackground`, written in order on a thread of their own while the caller goes on
    // producing the next ones; a failure is reported by the next call or by `commit()`.
    private var writer: SerialThread?
    private let inFlight = DispatchSemaphore(value: 64)
    private let failureLock = NSLock()
    private var backgroundFailure: Failure?

    /// Writes `piece` after the pieces before them, returning at once (after 64 waiting pieces, once one
    /// of them is written). The piece is the file's from then on: it must not be appended to.
    func writeInBackground(_ piece: ByteBuffer) throws {
        if let failure = failureLock.withLock({ backgroundFailure }) { throw failure }
        inFlight.wait()
        if writer == nil { writer = SerialThread(name: "strata.streamed-file") }
        writer!.async { [self] in
            defer { inFlight.signal() }
            guard failureLock.withLock({ backgroundFailure == nil }) else { return }
            do { try write(piece) } catch { failureLock.withLock { backgroundFailure = error as? Failure } }
        }
    }

    func commit() throws {
        if let writer {  // every piece written
            writer.finish()
            writer.waitUntilFinished()
            self.writer = nil
        }
        if let failure = failureLock.withLock({ backgroundFailure }) { throw failure }
        let status = close(descriptor)
        descriptor = -1
        // Renamed over an existing file, ext4 writes the new one's data back at once (its guard for programs that
        // replace files without fsync): 60 ms for a 90 MB manifest. Exchanging the two names atomically is not
        // guarded; the old file is then removed.
        if status == 0, Self.exchange(temporaryPath, path) {
            unlink(temporaryPath)
            return
        }
        guard status == 0, rename(temporaryPath, path) == 0 else {
            let failure = Failure(path: path)
            unlink(temporaryPath)
            throw failure
        }
    }
}
