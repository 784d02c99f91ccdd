import Foundation
public import StrataCore

/// The run lock of an SQLite warehouse: an exclusive `flock` on `<database>.lock`, which the holder fills with
/// who it is. The kernel releases it when the process exits, so a crashed run never leaves it behind.
struct FileRunLock: RunLock {
    let handle: FileHandle

    func release() async {
        flock(handle.fileDescriptor, LOCK_UN)
        try? handle.close()
    }
}

extension SQLiteAdapter {
    public func acquireRunLock(name: String, application: String, policy: RunLockPolicy) async throws -> any RunLock {
        let lockPath = path + ".lock"
        if !FileManager.default.fileExists(atPath: lockPath) { _ = FileManager.default.createFile(atPath: lockPath, contents: nil) }
        guard let handle = FileHandle(forUpdatingAtPath: lockPath) else {
            throw DatabaseError(message: "cannot open the run lock file \(lockPath)", hint: "check that its folder is writable")
        }
        var announced = false
        while flock(handle.fileDescriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(in: lockPath)
            switch policy {
            case .failImmediately:
                try? handle.close()
                throw RunLockBusy(name: name, holder: holder)
            case .wait(let waiting):
                if !announced {
                    waiting(holder)
                    announced = true
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        let stamp = ISO8601DateFormatter().string(from: Date())
        try? handle.truncate(atOffset: 0)
        try? handle.write(contentsOf: Data("\(application)\n\(stamp)\n".utf8))
        return FileRunLock(handle: handle)
    }

    private static func holder(in path: String) -> RunLockHolder? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").map(String.init)
        guard let application = lines.first else { return nil }
        return RunLockHolder(application: application, since: lines.count > 1 ? lines[1] : nil)
    }

    public func serverInfo() async throws -> [(String, String)] {
        let result = try await query("SELECT sqlite_version(), (SELECT journal_mode FROM pragma_journal_mode)", limit: nil)
        let row = result.rows.first ?? []
        return [("engine", "SQLite"), ("version", row.first?.text ?? "?"), ("file", path), ("journal mode", row.count > 1 ? row[1].text ?? "?" : "?")]
    }
}
