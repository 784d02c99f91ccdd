import Foundation
import Testing

/// A fixture file of cases in the sqlglot style: each case is a `-- title:` line, the SQL, then an `-- expect:` line
/// followed by the expected output, every line prefixed with `-- `. With `STRATA_RECORD=1` the expected blocks are
/// rewritten from the actual output instead of compared.
struct FixtureFile {
    struct Case {
        var title: String
        var sql: String
        var expected: String
    }

    static let directory = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")
    static var isRecording: Bool { ProcessInfo.processInfo.environment["STRATA_RECORD"] == "1" }

    let url: URL
    var cases: [Case]

    /// The `.sql` files of one fixture folder, by name, for `@Test(arguments:)`.
    static func names(in folder: String) -> [String] {
        let url = directory.appending(path: folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.sorted()
    }

    init(folder: String, name: String) throws {
        url = Self.directory.appending(path: folder).appending(path: name)
        cases = Self.parse(try String(contentsOf: url, encoding: .utf8))
    }

    static func parse(_ text: String) -> [Case] {
        var cases: [Case] = []
        var current: Case?
        var sqlLines: [String] = []
        var expectLines: [String]?
        func finish() {
            guard var done = current else { return }
            done.sql = sqlLines.joined(separator: "\n").trimmingCharacters(in: .newlines)
            done.expected = (expectLines ?? []).joined(separator: "\n")
            cases.append(done)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("-- title:") {
                finish()
                current = Case(
                    title: String(line.dropFirst(9)).trimmingCharacters(in: .whitespaces), sql: "", expected: "")
                sqlLines = []
                expectLines = nil
            } else if line == "-- expect:" {
                expectLines = []
            } else if expectLines != nil {
                if line.hasPrefix("-- ") || line == "--" { expectLines!.append(String(line.dropFirst(3))) }
            } else {
                sqlLines.append(line)
            }
        }
        finish()
        return cases
    }

    /// Compares (or records) every case against `render`.
    func check(_ render: (Case) -> String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var recorded: [Case] = []
        for fixture in cases {
            let actual = render(fixture).trimmingCharacters(in: .newlines)
            if !Self.isRecording && actual != fixture.expected {
                Issue.record(
                    "\(url.lastPathComponent): '\(fixture.title)' differs\n\(Self.diff(fixture.expected, actual))",
                    sourceLocation: sourceLocation)
            }
            recorded.append(Case(title: fixture.title, sql: fixture.sql, expected: actual))
        }
        if Self.isRecording { try Self.serialize(recorded).write(to: url, atomically: true, encoding: .utf8) }
    }

    static func serialize(_ cases: [Case]) -> String {
        cases.map { fixture in
            let expected = fixture.expected.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "--" : "-- \($0)" }.joined(separator: "\n")
            return "-- title: \(fixture.title)\n\(fixture.sql)\n-- expect:\n\(expected)\n"
        }.joined(separator: "\n")
    }

    /// A line diff: `-` expected, `+` actual.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let changes = new.difference(from: old)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in changes {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var lines: [String] = []
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count && removed.contains(oldIndex) {
                lines.append("-\(old[oldIndex])")
                oldIndex += 1
            } else if newIndex < new.count && inserted.contains(newIndex) {
                lines.append("+\(new[newIndex])")
                newIndex += 1
            } else {
                if newIndex < new.count { lines.append(" \(new[newIndex])") }
                oldIndex += 1
                newIndex += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
