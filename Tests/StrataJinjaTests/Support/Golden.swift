import Foundation
import Testing

/// Golden files: fixtures under `Fixtures/<kind>/`, expected outputs under `Fixtures/Snapshots/<kind>/`.
///
/// Run with `STRATA_RECORD=1` to (re)write snapshots from the current output.
enum Golden {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["STRATA_RECORD"] == "1" }

    /// The fixture file names of one kind, sorted, for `@Test(arguments:)`.
    static func files(in kind: String) -> [String] {
        let folder = fixtures.appendingPathComponent(kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    static func read(_ kind: String, _ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(kind).appendingPathComponent(name), encoding: .utf8)
    }

    /// Compares `actual` with the snapshot, or records it.
    static func assertMatches(
        _ actual: String, kind: String, name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let stem = (name as NSString).deletingPathExtension
        let url = fixtures.appendingPathComponent("Snapshots").appendingPathComponent(kind)
            .appendingPathComponent(stem + ".txt")
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if isRecording || expected == nil {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !isRecording {
                Issue.record(
                    "recorded missing snapshot \(kind)/\(stem).txt; check it and run again",
                    sourceLocation: sourceLocation)
            }
            return
        }
        if actual != expected {
            Issue.record(
                "snapshot \(kind)/\(stem).txt differs (STRATA_RECORD=1 re-records):\n\(diff(expected!, actual))",
                sourceLocation: sourceLocation)
        }
    }

    /// A small line diff: `-` expected, `+` actual, with the first differing line marked.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) {
            let left = index < old.count ? old[index] : nil
            let right = index < new.count ? new[index] : nil
            if left == right {
                lines.append("  " + (left ?? ""))
            } else {
                if let left { lines.append("- " + left.debugDescriptionOfWhitespace) }
                if let right { lines.append("+ " + right.debugDescriptionOfWhitespace) }
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Shows trailing spaces and tabs so whitespace-only differences are visible in diffs.
    fileprivate var debugDescriptionOfWhitespace: String {
        replacingOccurrences(of: "\t", with: "→").replacingOccurrences(of: " ", with: "·")
    }
}
