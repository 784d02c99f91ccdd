import Foundation
public import Testing

/// Compares text with a snapshot file, recording it when `STRATA_RECORD=1` or when it does not exist yet.
/// A mismatch fails the test with a unified diff.
/// - Parameters:
///   - actual: the text produced.
///   - path: absolute path of the snapshot file.
///   - sourceLocation: where the assertion was made.
public func assertGolden(_ actual: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: path)
    let record = ProcessInfo.processInfo.environment["STRATA_RECORD"] == "1"
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: url)
        if !record { Issue.record("recorded missing snapshot \(path); run again to compare", sourceLocation: sourceLocation) }
        return
    }
    if expected != actual {
        Issue.record("snapshot mismatch: \(path)\n\(unifiedDiff(expected: expected, actual: actual))\nre-record with STRATA_RECORD=1", sourceLocation: sourceLocation)
    }
}

/// A small line diff for failure messages.
public func unifiedDiff(expected: String, actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    var out: [String] = ["--- expected", "+++ actual"]
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
        if i < a.count, j < b.count, a[i] == b[j] {
            out.append("  " + a[i]); i += 1; j += 1
        } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
            out.append("+ " + b[j]); j += 1
        } else {
            out.append("- " + a[i]); i += 1
        }
    }
    return out.joined(separator: "\n")
}
