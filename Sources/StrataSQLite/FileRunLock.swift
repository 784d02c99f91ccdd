import Foundation
import Glibc
public import StrataCore

/// The run lock of an SQLite warehouse: an exclusive `flock` on `<database>.lock`, which the holder fills with
/// who it is. The kernel releases it when the process exits, so a crashed run never leaves it behind.
struct FileRunLock: RunLock {
    let descriptor: Int32

    func release() async {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

extension SQLiteAdapter {
    public func acquireRunLock(name: String, application: String, policy: RunLockPolicy) async throws -> any RunLock {
        let lockPath = path + ".lock"
        let descriptor = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw DatabaseError(message: "cannot open the run lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        var announced = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(in: lockPath)
            switch policy {
            case .failImmediately:
                Glibc.close(descriptor)
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
        ftruncate(descriptor, 0)
        let text = Array("\(application)\n\(stamp)\n".utf8)
        _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return FileRunLock(descriptor: descriptor)
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
