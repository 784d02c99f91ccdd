public import StrataCore
import Synchronization

/// A file system held in a dictionary, for loading projects in unit tests without touching disk.
public final class InMemoryFileSystem: FileSystem {
    private let files: Mutex<[String: String]>
    private let executables: Mutex<Set<String>>

    /// Creates a file system from absolute paths and contents.
    public init(_ files: [String: String] = [:], executables: Set<String> = []) {
        self.files = Mutex(files)
        self.executables = Mutex(executables)
    }

    /// Adds or replaces a file.
    public func write(_ path: String, _ text: String) { files.withLock { $0[path] = text } }

    /// Removes a file.
    public func remove(_ path: String) { _ = files.withLock { $0.removeValue(forKey: path) } }

    public func readText(_ path: String) throws -> String {
        guard let text = files.withLock({ $0[path] }) else { throw MissingFile(path: path) }
        return text
    }

    public func exists(_ path: String) -> Bool { files.withLock { $0[path] != nil } || isDirectory(path) }

    public func isDirectory(_ path: String) -> Bool {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return files.withLock { $0.keys.contains { $0.hasPrefix(prefix) } }
    }

    public func filesRecursively(in directory: String) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return files.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
            .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .sorted()
    }

    public func isExecutable(_ path: String) -> Bool { executables.withLock { $0.contains(path) } }

    /// The error thrown for a path that was never written.
    public struct MissingFile: Error, CustomStringConvertible {
        /// The missing path.
        public let path: String
        public var description: String { "no such file: \(path)" }
    }
}
