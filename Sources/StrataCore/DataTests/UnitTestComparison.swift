import Foundation

/// Compares a unit test's actual rows with its expected rows as dbt does: only the expected columns, as a
/// multiset (order-insensitive), with values compared by a canonical text that forgets types (`1`, `1.0`, `'1'`
/// and `1.00` are equal; `true`, `'true'` and `1` are equal).
struct UnitTestComparison: Sendable {
    /// One row: its display values and its comparison key.
    struct Row: Sendable, Hashable {
        var display: [String]
        var key: [String?]
    }

    let columns: [String]
    /// Expected rows that the model did not return.
    private(set) var missing: [Row] = []
    /// Returned rows that were not expected.
    private(set) var unexpected: [Row] = []
    /// Rows on both sides.
    private(set) var matched: [Row] = []

    init(columns: [String], expected: [Row], actual: [Row]) {
        self.columns = columns
        var pool: [[String?]: [Row]] = [:]
        for row in actual { pool[row.key, default: []].append(row) }
        for row in expected {
            if var candidates = pool[row.key], !candidates.isEmpty {
                matched.append(candidates.removeFirst())
                pool[row.key] = candidates
            } else {
                missing.append(row)
            }
        }
        unexpected = pool.values.flatMap { $0 }
    }

    var passes: Bool { missing.isEmpty && unexpected.isEmpty }

    /// Number of differing rows (missing plus unexpected).
    var differences: Int { missing.count + unexpected.count }

    /// The rows as a table, like dbt's diff: `---` rows were expected but not returned, `+++` rows were returned
    /// but not expected, unmarked rows match.
    func diff() -> String {
        let marked = missing.map { ("---", $0) } + unexpected.map { ("+++", $0) } + matched.map { ("   ", $0) }
        let sorted = marked.sorted {
            $0.1.display.lexicographicallyPrecedes($1.1.display) || ($0.1.display == $1.1.display && $0.0 < $1.0)
        }
        var widths = columns.map(\.count)
        for (_, row) in sorted {
            for (index, value) in row.display.enumerated() where index < widths.count {
                widths[index] = max(widths[index], value.count)
            }
        }
        func line(_ marker: String, _ values: [String]) -> String {
            let cells = values.enumerated().map { index, value in
                value.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            return "\(marker) | " + cells.joined(separator: " | ")
        }
        var lines = [line("   ", columns)]
        for (marker, row) in sorted { lines.append(line(marker, row.display)) }
        return lines.map { $0.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression) }.joined(
            separator: "\n")
    }

    // MARK: Canonical values

    static func row(_ values: [UnitTestValue]) -> Row {
        Row(display: values.map(display), key: values.map(canonical))
    }

    static func row(_ values: [QueryValue]) -> Row {
        Row(display: values.map { $0.text ?? "null" }, key: values.map(canonical))
    }

    static func display(_ value: UnitTestValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        }
    }

    static func canonical(_ value: UnitTestValue) -> String? {
        switch value {
        case .null: return nil
        case .bool(let b): return b ? "1" : "0"
        case .int(let i): return String(i)
        case .double(let d): return canonical(d)
        case .string(let s): return canonical(text: s)
        }
    }

    static func canonical(_ value: QueryValue) -> String? {
        switch value {
        case .null: return nil
        case .bool(let b): return b ? "1" : "0"
        case .integer(let i): return String(i)
        case .double(let d): return canonical(d)
        case .decimal(let s), .text(let s): return canonical(text: s)
        case .blob: return value.text
        }
    }

    /// Numbers in one spelling, `true`/`false` as `1`/`0`, anything else as written.
    static func canonical(text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "true": return "1"
        case "false": return "0"
        default: break
        }
        if let int = Int(trimmed) { return String(int) }
        if trimmed.rangeOfCharacter(from: CharacterSet(charactersIn: "0123456789")) != nil,
            trimmed.rangeOfCharacter(from: CharacterSet(charactersIn: "0123456789+-.eE").inverted) == nil,
            let double = Double(trimmed)
        {
            return canonical(double)
        }
        return text
    }

    static func canonical(_ double: Double) -> String {
        if double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
        return String(format: "%.12g", double)
    }
}
