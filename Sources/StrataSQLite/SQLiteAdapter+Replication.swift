import Foundation
import SQLiteNIO
public import StrataCore

/// `strata replicate`'s destination on the embedded SQLite file: each batch's COPY text is split into fields and
/// inserted with multi-row prepared `INSERT`s (upserts with `ON CONFLICT`) inside the batch's transaction.
extension SQLiteAdapter: ReplicationTarget {
    public func scratchRelation(for relation: Relation) -> Relation {
        Relation(schema: relation.schema, identifier: relation.identifier + "__strata_new")
    }

    /// The SQLite type with the affinity that keeps the source's values as they were: integers (and booleans,
    /// copied as 0 and 1) as `INTEGER`, floating point as `REAL`, `numeric` as `NUMERIC`, the rest as `TEXT`.
    public func replicatedType(_ sourceType: String) -> String {
        let base = sourceType.lowercased()
        if base.hasSuffix("[]") { return "TEXT" }
        if ["smallint", "integer", "bigint", "boolean"].contains(base) { return "INTEGER" }
        if base == "real" || base == "double precision" { return "REAL" }
        if base.hasPrefix("numeric") { return "NUMERIC" }
        return "TEXT"
    }

    public func withReplicationTransaction<T: Sendable>(_ body: @Sendable (any ReplicationWriter) async throws -> T)
        async throws -> T
    {
        try await writeTransaction { try await body(SQLiteReplicationWriter(adapter: self)) }
    }

    public func swapInReplicatedTable(_ relation: Relation, primaryKey: [String], stateStatements: [String])
        async throws
    {
        let scratch = SchemaMapping.quoted(scratchRelation(for: relation))
        let name = Relation.quote(SchemaMapping.physicalName(schema: relation.schema, identifier: relation.identifier))
        try await writeTransaction {
            for statement in try await dropStatements(for: relation) { try await run(statement, on: writer) }
            try await run("ALTER TABLE \(scratch) RENAME TO \(name)", on: writer)
            for statement in stateStatements { try await run(statement, on: writer) }
        }
    }
}

/// The writer connection inside `withReplicationTransaction`.
private struct SQLiteReplicationWriter: ReplicationWriter {
    let adapter: SQLiteAdapter

    func execute(_ sql: String) async throws { try await adapter.run(sql, on: adapter.writer) }

    func write(_ batch: RowBatch, into relation: Relation, columns: [String], upsertKey: [String]?) async throws {
        let width = columns.count
        let perStatement = max(1, min(1000, 30_000 / max(1, width)))
        let head =
            "INSERT INTO \(SchemaMapping.quoted(relation)) (\(columns.map(Relation.quote).joined(separator: ", "))) VALUES "
        let tail = upsertKey.map { " " + ReplicationSQL.upsertClause(columns: columns, key: $0) } ?? ""
        let row = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
        let fullStatement = head + Array(repeating: row, count: perStatement).joined(separator: ",") + tail
        var binds: [SQLiteData] = []
        binds.reserveCapacity(perStatement * width)
        var rows = 0
        for values in CopyTextRows(batch.copyText, width: width) {
            binds += values
            rows += 1
            if rows == perStatement {
                try await insert(fullStatement, binds)
                binds.removeAll(keepingCapacity: true)
                rows = 0
            }
        }
        if rows > 0 { try await insert(head + Array(repeating: row, count: rows).joined(separator: ",") + tail, binds) }
    }

    private func insert(_ sql: String, _ binds: [SQLiteData]) async throws {
        do {
            _ = try await adapter.writer.query(sql, binds)
        } catch {
            throw SQLiteAdapter.databaseError(error, sql: String(sql.prefix(200)) + " ...")
        }
    }
}

/// The rows of COPY text as SQLite values: `\N` is NULL, backslash escapes are undone, everything else is text
/// (the column's affinity turns numbers back into numbers).
struct CopyTextRows: Sequence, IteratorProtocol {
    let bytes: [UInt8]
    let width: Int
    var position = 0

    init(_ bytes: [UInt8], width: Int) {
        self.bytes = bytes
        self.width = width
    }

    mutating func next() -> [SQLiteData]? {
        guard position < bytes.count else { return nil }
        var values: [SQLiteData] = []
        values.reserveCapacity(width)
        var start = position
        var escaped = false
        var ended = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 2
                continue
            }
            if byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                values.append(Self.value(bytes[start..<position], escaped: escaped))
                escaped = false
                position += 1
                start = position
                if byte == UInt8(ascii: "\n") {
                    ended = true
                    break
                }
                continue
            }
            position += 1
        }
        if !ended { values.append(Self.value(bytes[start..<Swift.min(position, bytes.count)], escaped: escaped)) }
        while values.count < width { values.append(.null) }
        return values
    }

    static func value(_ field: ArraySlice<UInt8>, escaped: Bool) -> SQLiteData {
        guard escaped else { return .text(String(decoding: field, as: UTF8.self)) }
        if field.count == 2, field.first == UInt8(ascii: "\\"), field.last == UInt8(ascii: "N") { return .null }
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var index = field.startIndex
        while index < field.endIndex {
            let byte = field[index]
            if byte == UInt8(ascii: "\\"), index + 1 < field.endIndex {
                switch field[index + 1] {
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                default: out.append(field[index + 1])
                }
                index += 2
            } else {
                out.append(byte)
                index += 1
            }
        }
        return .text(String(decoding: out, as: UTF8.self))
    }
}
