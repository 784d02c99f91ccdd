import Foundation
import Logging
import NIOCore
import PostgresNIO
import StrataCore

/// Streams rows into a table with `COPY ... FROM STDIN` in PostgreSQL's text format, in chunks, never as one
/// big buffer.
enum CopyWriter {
    static let chunkSize = 1 << 20

    static func copy(_ table: SeedTable, into relation: Relation, on connection: PostgresConnection, logger: Logger) async throws {
        let names = table.columns.map { table.quotesColumnNames ? $0.name : foldedLikePostgres($0.name) }
        let sql = "COPY \(relation.quoted) (\(names.map(Relation.quote).joined(separator: ", "))) FROM STDIN"
        do {
            // postgres-nio wraps the table and column names in double quotes itself; handing it the inside of a
            // quoted `schema"."name` yields the qualified name, with embedded quotes doubled as usual.
            try await connection.copyFrom(
                table: quoteInner(relation.schema) + "\".\"" + quoteInner(relation.identifier),
                columns: names.map(quoteInner), format: .text(.init()), logger: logger
            ) { writer in
                var buffer = ByteBufferAllocator().buffer(capacity: chunkSize + 4096)
                // Non-finite numbers arrive as dbt-postgres loads them (psycopg2 turns every one into NaN).
                var cursor = table.makeCursor(nonFiniteNumbersAsNaN: true)
                let width = table.columns.count
                while cursor.next() {
                    appendRow(cursor, width: width, to: &buffer)
                    if buffer.readableBytes >= chunkSize {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
        } catch {
            throw PostgresErrors.databaseError(error, sql: sql)
        }
    }

    /// The name PostgreSQL gives a column declared without quotes: ASCII letters in lower case, everything else as
    /// written (postgres-nio quotes the names it is given, so the table's bare names must be folded first).
    private static func foldedLikePostgres(_ identifier: String) -> String {
        String(decoding: identifier.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    private static func quoteInner(_ identifier: String) -> String {
        identifier.replacingOccurrences(of: "\"", with: "\"\"")
    }

    /// The cursor's current row in COPY text format: tab-separated, `\N` for NULL, backslash escapes for the
    /// bytes COPY treats specially.
    static func appendRow(_ cursor: SeedRowCursor, width: Int, to buffer: inout ByteBuffer) {
        for index in 0..<width {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            cursor.withField(index) { bytes -> Void in
                guard let bytes else {
                    buffer.writeStaticString("\\N")
                    return
                }
                appendEscaped(bytes, to: &buffer)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to buffer: inout ByteBuffer) {
        var start = 0
        for index in 0..<bytes.count {
            let escaped: StaticString
            switch bytes[index] {
            case UInt8(ascii: "\\"): escaped = "\\\\"
            case UInt8(ascii: "\t"): escaped = "\\t"
            case UInt8(ascii: "\n"): escaped = "\\n"
            case UInt8(ascii: "\r"): escaped = "\\r"
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            buffer.writeStaticString(escaped)
            start = index + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count]))
    }
}
