import Foundation
public import StrataCore
public import Testing

/// Writes query results as the reference TSV files in this repository do (`shop_dbt/expected/`,
/// `Examples/insurance/expected/`): a header line, then one line per row with cells separated by tabs, the rows
/// sorted by their UTF-8 bytes, every line ending in `\n`.
///
/// The references were made by different tools, so how a boolean or a number is written is a `CellStyle`.
public enum RelationDump {
    /// How cells that the reference tools wrote differently are written; NULL is always `\N`, integers are
    /// always decimal digits and text always gets COPY's escapes.
    public struct CellStyle: Sendable {
        let boolean: @Sendable (Bool) -> String
        let double: @Sendable (Double) -> String
        let decimal: @Sendable (String) -> String

        /// dbt-sqlite's reference (`shop_dbt/expected/sqlite`): booleans `1`/`0`, floats as Python's `repr`.
        public static let pythonSQLite = CellStyle(
            boolean: { $0 ? "1" : "0" }, double: { "\($0)" }, decimal: { $0 })

        /// PostgreSQL's `COPY … TO STDOUT` text (`shop_dbt/expected/postgres`): booleans `t`/`f`, numerics as
        /// the server printed them, floats in their shortest form without a trailing `.0`.
        public static let postgresCopy = CellStyle(
            boolean: { $0 ? "t" : "f" }, double: RelationDump.postgresFloat, decimal: { $0 })

        /// The insurance example's engine-neutral reference: booleans `1`/`0`, every non-integer number through
        /// `%.6f` with trailing zeros dropped.
        public static let sixDecimals = CellStyle(
            boolean: { $0 ? "1" : "0" }, double: RelationDump.sixDecimals, decimal: { RelationDump.sixDecimals(Double($0) ?? .nan) })
    }

    /// The whole dump.
    /// - Parameters:
    ///   - header: the first line's fields, e.g. column names or `name:type`.
    ///   - rows: the rows in any order.
    ///   - style: how booleans and numbers are written.
    /// - Returns: the text, every line ending in `\n`.
    public static func text(header: [String], rows: [[QueryValue]], style: CellStyle) -> String {
        let lines = rows.map { row in row.map { cell($0, style: style) }.joined(separator: "\t") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return ([header.joined(separator: "\t")] + lines).map { $0 + "\n" }.joined()
    }

    /// One cell.
    public static func cell(_ value: QueryValue, style: CellStyle) -> String {
        switch value {
        case .null: return "\\N"
        case .integer(let integer): return String(integer)
        case .double(let double): return style.double(double)
        case .bool(let bool): return style.boolean(bool)
        case .decimal(let decimal): return style.decimal(decimal)
        case .text(let text): return copyEscaped(text)
        case .blob(let bytes): return "\\\\x" + bytes.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Text with the escapes of PostgreSQL's COPY text format.
    public static func copyEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    /// `%.6f`, then trailing zeros and a trailing point removed; `-0` becomes `0`.
    static func sixDecimals(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `float8out`: the shortest text that reads back exactly, like Swift's, but whole numbers have no `.0`,
    /// exponents start at 1e15 rather than 1e16, and infinities are spelled out.
    static func postgresFloat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension RelationDump {
    /// Compares every `<schema>.<name>.tsv` of a reference folder with a dump of that relation, recording an issue
    /// with a diff for each relation that differs or cannot be read.
    /// - Parameters:
    ///   - folder: the reference folder.
    ///   - skipping: file names in the folder that are not relation dumps.
    ///   - dump: the dump of a relation as the reference writes it.
    /// - Returns: the relations compared, so a test can check none went missing.
    @discardableResult
    public static func expectRelationsMatch(
        referenceFolder folder: String, skipping: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation,
        dump: (Relation) async throws -> String
    ) async throws -> [Relation] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tsv") && !skipping.contains($0) }
        var relations: [Relation] = []
        for file in files.sorted() {
            let parts = file.dropLast(4).split(separator: ".", maxSplits: 1).map(String.init)
            let relation = Relation(schema: parts[0], identifier: parts[1])
            relations.append(relation)
            let reference = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            do {
                let actual = try await dump(relation)
                #expect(actual == reference, "\(parts.joined(separator: ".")) differs:\n\(unifiedDiff(expected: reference, actual: actual))", sourceLocation: sourceLocation)
            } catch {
                Issue.record("\(parts.joined(separator: ".")): \(error)", sourceLocation: sourceLocation)
            }
        }
        return relations
    }
}
