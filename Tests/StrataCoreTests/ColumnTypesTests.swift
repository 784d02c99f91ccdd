import StrataCore
import Testing

/// Which type changes an incremental table may follow: widening only.
struct ColumnTypesTests {
    @Test(arguments: [
        ("integer", "integer", ColumnTypes.Change.fits),
        ("bigint", "integer", .fits),
        ("integer", "bigint", .widen),
        ("smallint", "numeric", .widen),
        ("integer", "numeric(12,2)", .widen),
        ("integer", "numeric(10,2)", .incompatible),
        ("numeric(10,2)", "numeric(14,4)", .widen),
        ("numeric(14,4)", "numeric(10,2)", .fits),
        ("numeric(10,2)", "numeric(10,4)", .incompatible),
        ("character varying(20)", "character varying(50)", .widen),
        ("character varying(50)", "character varying(20)", .fits),
        ("character varying(20)", "text", .widen),
        ("integer", "text", .widen),
        ("real", "double precision", .widen),
        ("date", "timestamp without time zone", .widen),
        ("timestamp without time zone", "boolean", .incompatible),
        ("text", "integer", .fits),
        ("boolean", "integer", .incompatible),
    ])
    func postgres(existing: String, incoming: String, expected: ColumnTypes.Change) {
        #expect(ColumnTypes.change(from: existing, to: incoming, engine: "postgres") == expected)
    }

    @Test func sqliteColumnsOnlyWidenByAffinity() {
        #expect(ColumnTypes.change(from: "INT", to: "REAL", engine: "sqlite") == .widen)
        #expect(ColumnTypes.change(from: "REAL", to: "INT", engine: "sqlite") == .fits)
        #expect(ColumnTypes.change(from: "TEXT", to: "INT", engine: "sqlite") == .fits)
        #expect(ColumnTypes.change(from: "", to: "TEXT", engine: "sqlite") == .fits)
    }
}
