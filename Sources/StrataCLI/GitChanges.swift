import Foundation
import StrataCore
import StrataDiagnostics

/// What git knows about the project: the files changed since a revision (`--since`) and the revision a run builds
/// from (recorded in the warehouse state).
enum GitChanges {
    /// The commit checked out and whether the project folder differs from it; nil outside a git work tree.
    static func revision(of directory: String) -> GitRevision? {
        // Most runs outside a repository would otherwise pay for a git process that only says so.
        guard isInsideRepository(directory) else { return nil }
        guard let head = try? git(["rev-parse", "HEAD"], in: directory), head.status == 0 else { return nil }
        let commit = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !commit.isEmpty else { return nil }
        let status = (try? git(["status", "--porcelain", "--", "."], in: directory))?.output ?? ""
        return GitRevision(commit: commit, dirty: !status.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    /// Whether a `.git` folder (or worktree file) exists in the folder or one above it.
    static func isInsideRepository(_ directory: String) -> Bool {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) { return true }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return false }
            url = parent
        }
    }

    /// Files that differ from `ref` in the working tree (committed since, staged or not) plus untracked files
    /// that are not ignored, relative to the project folder.
    /// - Parameters:
    ///   - ref: a commit, branch or tag.
    ///   - directory: the project folder, inside a git work tree.
    /// - Returns: paths relative to `directory`.
    /// - Throws: `G4203` when the folder is not in a git work tree, the revision is unknown or git fails.
    static func files(changedSince ref: String, in directory: String) throws(Diagnostic) -> Set<String> {
        guard (try? git(["rev-parse", "--is-inside-work-tree"], in: directory))?.status == 0 else {
            throw StateDiagnostics.changesUnavailable(since: ref, reason: "'\(directory)' is not inside a git work tree")
        }
        guard let verified = try? git(["rev-parse", "--verify", "--quiet", "\(ref)^{commit}"], in: directory), verified.status == 0 else {
            throw StateDiagnostics.changesUnavailable(since: ref, reason: "git knows no commit named '\(ref)'")
        }
        let commit = verified.output.trimmingCharacters(in: .whitespacesAndNewlines)
        var changed = Set<String>()
        // `--relative` and `ls-files` both give paths relative to the folder git runs in: the project folder.
        for arguments in [["diff", "--name-only", "--relative", "--no-renames", commit], ["ls-files", "--others", "--exclude-standard"]] {
            let result: (status: Int32, output: String)
            do { result = try git(arguments, in: directory) } catch {
                throw StateDiagnostics.changesUnavailable(since: ref, reason: "git could not be run: \(error)")
            }
            guard result.status == 0 else {
                throw StateDiagnostics.changesUnavailable(since: ref, reason: "'git \(arguments.joined(separator: " "))' failed")
            }
            changed.formUnion(result.output.split(separator: "\n").map(String.init).filter { !$0.isEmpty })
        }
        return changed
    }

    /// Runs git in a folder; paths are printed unquoted so non-ASCII names stay as they are.
    private static func git(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "core.quotepath=off"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = try output.fileHandleForReading.readToEnd() ?? Data()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
