import Foundation
import StrataDiagnostics

/// Runs a script model as a subprocess and reads the rows it printed.
///
/// The script gets the target's connection and the node's relation in environment variables; it prints CSV with
/// a header, or JSON lines (one object per row), on stdout. Output goes to files, not pipes, so a script that
/// prints a lot never blocks on a full pipe; stderr is kept for the run log and for the failure message.
struct ScriptRun {
    let node: CompiledNode
    let environment: [String: String]

    /// Longest a script may run unless its `timeout` config says otherwise, in seconds.
    static let defaultTimeout = 3600.0

    /// What a finished script left behind.
    struct Output {
        var stdout: [UInt8]
        var stderr: String
    }

    /// Runs the script and parses its output into a table.
    /// - Returns: the rows, and what the script printed on stderr.
    /// - Throws: a diagnostic for a script that cannot start, times out, exits non-zero or prints no rows header.
    func table() async throws -> (table: SeedTable, stderr: String) {
        let output = try await run()
        let label = "output of \(node.file?.path ?? node.id)"
        let firstByte = output.stdout.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        guard firstByte != nil else {
            throw failure("printed nothing on stdout", stderr: output.stderr, help: "print CSV with a header row, or one JSON object per line")
        }
        do {
            let csv = firstByte == UInt8(ascii: "{") ? try JSONLines.csv(from: output.stdout) : output.stdout
            return (try SeedParser.parse(bytes: csv, path: label), output.stderr)
        } catch let diagnostic as Diagnostic {
            throw failure("printed rows that could not be read: \(diagnostic.message)", stderr: output.stderr, help: nil)
        }
    }

    func run() async throws -> Output {
        guard let script = node.scriptPath else { throw failure("has no script file", stderr: "", help: nil) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("strata-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        if script.hasSuffix(".py") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [environment["STRATA_PYTHON"] ?? "python3", script]
        } else {
            process.executableURL = URL(fileURLWithPath: script)
        }
        // Foundation's Process passes on the spawning thread's signal mask (a Dispatch worker blocks nearly all
        // signals), so a script could not be stopped with SIGTERM: the timeout falls back to SIGKILL below.
        process.currentDirectoryURL = URL(fileURLWithPath: script).deletingLastPathComponent()
        process.environment = ProcessInfo.processInfo.environment.merging(scriptVariables()) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        do {
            try process.run()
        } catch {
            throw failure("could not be started: \(error.localizedDescription)", stderr: "", help: "check that the file is executable and its #! line names an installed interpreter")
        }
        let timeout = node.config["timeout"].flatMap { $0.intValue.map(Double.init) ?? Double($0.stringValue ?? "") } ?? Self.defaultTimeout
        let started = Date()
        var timedOut = false
        while process.isRunning {
            if Task.isCancelled || Date().timeIntervalSince(started) > timeout {
                timedOut = !Task.isCancelled
                process.terminate()
                try? await Task.sleep(for: .seconds(2))
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let stderr = String(decoding: (try? Data(contentsOf: stderrURL)) ?? Data(), as: UTF8.self)
        if timedOut {
            throw failure("was stopped after its timeout of \(Int(timeout)) s", stderr: stderr, help: "raise it with `# timeout: SECONDS` in the script's header")
        }
        try Task.checkCancellation()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how =
                process.terminationReason == .exit
                ? "exited with status \(process.terminationStatus)" : "was killed by signal \(process.terminationStatus)"
            throw failure(how, stderr: stderr, help: nil)
        }
        return Output(stdout: [UInt8]((try? Data(contentsOf: stdoutURL)) ?? Data()), stderr: stderr)
    }

    /// What the script is told: where the warehouse is and what it builds.
    func scriptVariables() -> [String: String] {
        var variables = environment
        variables["STRATA_NODE_ID"] = node.id
        if let relation = node.relation {
            variables["STRATA_SCHEMA"] = relation.schema
            variables["STRATA_IDENTIFIER"] = relation.identifier
            variables["STRATA_RELATION"] = relation.description
        }
        return variables
    }

    /// A failure pointing at the script, with the end of what it printed on stderr.
    func failure(_ what: String, stderr: String, help: String?) -> Diagnostic {
        var diagnostic = Diagnostic(
            code: "R5200", message: "script model '\(node.graphNode.name)' \(what)", help: help, path: node.file?.path)
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: true).suffix(20)
        if !lines.isEmpty { diagnostic.notes.append("stderr (last \(lines.count) lines):\n" + lines.joined(separator: "\n")) }
        return diagnostic
    }
}

/// JSON lines (one object per line) as CSV with a header: the keys in the order first seen, nulls as empty fields.
///
/// Each line is read by the YAML parser (JSON is YAML), which keeps keys in the order written.
enum JSONLines {
    static func csv(from bytes: [UInt8]) throws -> [UInt8] {
        var keys: [String] = []
        var known: Set<String> = []
        var rows: [[String: ConfigValue]] = []
        for (number, line) in bytes.split(separator: UInt8(ascii: "\n")).enumerated() {
            let text = String(decoding: line, as: UTF8.self)
            guard text.contains(where: { !$0.isWhitespace }) else { continue }
            let node = try? YAMLParser.parse(SourceFile(path: "stdout", text: text))
            guard let node, node.isMapping, text.drop(while: \.isWhitespace).first == "{" else {
                throw Diagnostic(code: "R5201", message: "line \(number + 1) is not a JSON object")
            }
            var row: [String: ConfigValue] = [:]
            for (key, value) in node.pairs {
                guard let name = key.stringValue else { continue }
                if known.insert(name).inserted { keys.append(name) }
                row[name] = value.value
            }
            rows.append(row)
        }
        var text = keys.map(field).joined(separator: ",") + "\n"
        for row in rows {
            text +=
                keys.map { key in
                    switch row[key] {
                    case nil, .null?: return ""
                    case .string(let string)?: return field(string)
                    case let value?: return field(value.stringValue ?? value.json.encoded())
                    }
                }.joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }

    private static func field(_ text: String) -> String {
        guard text.isEmpty || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
