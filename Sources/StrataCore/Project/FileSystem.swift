import Foundation
import StrataDiagnostics

/// The file operations project loading needs, behind a protocol so loading can be tested in memory.
public protocol FileSystem: Sendable {
    /// Reads a UTF-8 text file.
    /// - Throws: when the file is missing or unreadable.
    func readText(_ path: String) throws -> String
    /// Whether anything exists at the path.
    func exists(_ path: String) -> Bool
    /// Whether the path is a directory.
    func isDirectory(_ path: String) -> Bool
    /// Every regular file below a directory, as paths relative to it, sorted; empty if the directory is missing.
    func filesRecursively(in directory: String) -> [String]
    /// Whether a file has an executable bit set.
    func isExecutable(_ path: String) -> Bool
}

/// The real disk.
public struct LocalFileSystem: FileSystem {
    /// Creates the disk-backed file system.
    public init() {}

    /// Read with plain POSIX calls: Foundation's `Data(contentsOf:)` costs a tenth of compiling a 10,000-model
    /// project (it asks for file attributes and progress on every file).
    public func readText(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path]) }
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path]) }
            if count == 0 { break }
            filled += count
        }
        return String(decoding: bytes[..<filled], as: UTF8.self)
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func filesRecursively(in directory: String) -> [String] {
        guard isDirectory(directory) else { return [] }
        var result: [String] = []
        var stack = [""]
        while let relative = stack.popLast() {
            let absolute = relative.isEmpty ? directory : directory + "/" + relative
            // readdir's entry types save a stat per file (FileManager asks for one per entry, then we asked again).
            guard let folder = opendir(absolute) else { continue }
            defer { closedir(folder) }
            while let entry = readdir(folder) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                guard !name.hasPrefix(".") else { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                let isFolder: Bool
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): isFolder = true
                case Int32(DT_REG): isFolder = false
                default: isFolder = isDirectory(directory + "/" + child)  // links and unknown types: followed, as before
                }
                if isFolder { stack.append(child) } else { result.append(child) }
            }
        }
        return result.sorted()
    }

    public func isExecutable(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }
}

/// Path helpers that work on plain strings, so the loader does not depend on URL semantics.
enum PathText {
    static func join(_ parts: String...) -> String { join(parts) }

    static func join(_ parts: [String]) -> String {
        // Built in one buffer from the last absolute part on (every node's paths are joined for the manifest).
        let slash = UInt8(ascii: "/")
        let start = parts.lastIndex { $0.utf8.first == slash } ?? 0
        // As bytes: a Swift string append costs hundreds of instructions, more than the copying.
        var result: [UInt8] = []
        result.reserveCapacity(parts[start...].reduce(0) { $0 + $1.utf8.count + 1 })
        // "." spotted by its bytes: comparing strings costs a call per part.
        for part in parts[start...] where !part.isEmpty && !(part.utf8.count == 1 && part.utf8.first == UInt8(ascii: ".")) {
            if let last = result.last, last != slash { result.append(slash) }
            part.withUTF8Bytes { result.append(contentsOf: $0) }
        }
        return result.isEmpty ? "." : String(decoding: result, as: UTF8.self)
    }

    static func stem(_ path: String) -> String {
        let name = lastComponent(path)
        // The last dot found by its byte: a search by characters costs thousands of instructions.
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return name }
        return String(name[..<dot])
    }

    /// The last non-empty component (`b` for `a/b/`), or the path itself when it has none.
    static func lastComponent(_ path: String) -> String {
        // Scanned from the end, as bytes: splitting every path of a 10,000-model project showed in its load time,
        // and so did stepping through `String.UTF8View` indices.
        path.withUTF8Bytes { bytes in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            guard end > 0 else { return path }
            var start = end
            while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// The folder holding `path` (text only: no file system lookup, unlike `URL.deletingLastPathComponent`).
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The non-empty components (split on UTF-8 bytes: splitting on `Character`s segments graphemes first).
    static func components(_ path: String) -> [String] {
        path.withUTF8Bytes { bytes in
            var parts: [String] = []
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
                if end > start { parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) }
                start = end + 1
            }
            return parts
        }
    }

    static func ext(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        let ext = String(name[name.utf8.index(after: dot)...])
        return ext.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") || $0 >= 0x80 }) ? ext.lowercased() : ext
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(FileManager.default.currentDirectoryPath + "/" + path)
    }

    static func normalize(_ path: String) -> String {
        var out: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", !out.isEmpty { out.removeLast(); continue }
            out.append(String(part))
        }
        return (path.hasPrefix("/") ? "/" : "") + out.joined(separator: "/")
    }
}
