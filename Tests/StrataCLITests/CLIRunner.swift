import Foundation
import StrataTestSupport

/// Runs the built `strata` executable as a user would and captures what it printed.
struct CLIRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `strata` binary beside the test bundle.
    static var executable: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("strata").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return RepositoryPaths.root() + "/.build/debug/strata"
    }

    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Output {
        try start(arguments, in: directory, environment: environment).wait()
    }

    /// A `strata` process started in the background.
    final class Running {
        let process: Process
        let capture: TemporaryDirectory

        init(process: Process, capture: TemporaryDirectory) {
            self.process = process
            self.capture = capture
        }

        /// What it printed so far on stderr.
        var stderrSoFar: String { (try? String(contentsOfFile: capture.path + "/stderr", encoding: .utf8)) ?? "" }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        func wait() -> Output {
            process.waitUntilExit()
            let stdout = (try? String(contentsOfFile: capture.path + "/stdout", encoding: .utf8)) ?? ""
            let stderr = stderrSoFar
            capture.remove()
            return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }
    }

    static func start(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.merge(environment) { $1 }
        process.environment = env
        // Output goes to files rather than pipes: reading pipes through FileHandle can trap on EINTR, and files
        // cannot fill up and block the child.
        let capture = try TemporaryDirectory(prefix: "strata-cli-output")
        let outPath = capture.path + "/stdout"
        let errPath = capture.path + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, capture: capture)
    }

    /// Removes what changes from run to run: durations and temporary paths.
    static func normalized(_ text: String, temporary: String) -> String {
        var result = text.replacingOccurrences(of: temporary, with: "<project>")
        for pattern in [#"\[\d+\.\d+s\]"#, #"in \d+\.\d+s"#] {
            let regex = try! NSRegularExpression(pattern: pattern)
            let replacement = pattern.hasPrefix("in") ? "in <time>" : "[<time>]"
            result = regex.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: replacement)
        }
        return result
    }
}
