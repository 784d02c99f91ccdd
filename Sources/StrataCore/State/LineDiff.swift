/// A line diff (longest common subsequence) for the plan's short SQL diffs; models are small, so the quadratic
/// table is cheap and the output is the minimal one a reader expects.
public enum LineDiff {
    /// One line of a diff.
    public enum Line: Sendable, Hashable {
        case same(String), removed(String), added(String)

        /// ` `, `-` or `+` followed by the text.
        public var rendered: String {
            switch self {
            case .same(let text): return "  " + text
            case .removed(let text): return "- " + text
            case .added(let text): return "+ " + text
            }
        }
    }

    /// The changed lines between two texts with `context` unchanged lines around each change, at most `limit`
    /// lines (the rest summarised as `… N more changed lines`).
    public static func changes(from old: String, to new: String, context: Int = 1, limit: Int = 12) -> [String] {
        let lines = diff(old.split(separator: "\n", omittingEmptySubsequences: false).map(trimmed),
                         new.split(separator: "\n", omittingEmptySubsequences: false).map(trimmed))
        var keep = Set<Int>()
        for (index, line) in lines.enumerated() {
            if case .same = line { continue }
            for near in max(0, index - context)...min(lines.count - 1, index + context) { keep.insert(near) }
        }
        var output: [String] = []
        var previous = -1
        var hidden = 0
        for index in keep.sorted() {
            if output.count >= limit {
                if case .same = lines[index] {} else { hidden += 1 }
                continue
            }
            if previous >= 0, index > previous + 1 { output.append("  …") }
            output.append(lines[index].rendered)
            previous = index
        }
        if hidden > 0 { output.append("  … \(hidden) more changed line\(hidden == 1 ? "" : "s")") }
        return output
    }

    private static func trimmed(_ line: Substring) -> String {
        String(line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
    }

    /// The full line-by-line diff.
    public static func diff(_ old: [String], _ new: [String]) -> [Line] {
        let (n, m) = (old.count, new.count)
        var lengths = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result: [Line] = []
        var (i, j) = (0, 0)
        while i < n, j < m {
            if old[i] == new[j] {
                result.append(.same(old[i]))
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                result.append(.removed(old[i]))
                i += 1
            } else {
                result.append(.added(new[j]))
                j += 1
            }
        }
        result += old[i...].map(Line.removed) + new[j...].map(Line.added)
        return result
    }
}
