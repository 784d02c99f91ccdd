import StrataCore
import Testing

@Suite struct DataQueryTests {
    static let columns = [
        ColumnDescription(name: "id", dataType: "integer"), ColumnDescription(name: "name", dataType: "text"),
        ColumnDescription(name: "amount", dataType: "numeric(10,2)"), ColumnDescription(name: "tags", dataType: "text[]"),
    ]

    static func query(_ parameters: [(String, String)], engine: DataQuery.Engine = .postgres) throws(DataQuery.Problem) -> DataQuery {
        try DataQuery(relation: "\"marts\".\"orders\"", available: columns, parameters: parameters.map { (name: $0.0, value: $0.1) }, engine: engine)
    }

    @Test func filtersSelectionAndOrderBecomeBoundSQL() throws {
        let query = try Self.query([("select", "id,name"), ("id", "gt.10"), ("name", "in.(a,\"b,c\")"), ("order", "id.desc"), ("limit", "5")])
        #expect(query.sql == #"SELECT "id", "name" FROM "marts"."orders" WHERE "id" > $1::integer AND "name" IN ($2::text, $3::text) ORDER BY "id" DESC LIMIT 5"#)
        #expect(query.binds == [.text("10"), .text("a"), .text("b,c")])
        #expect(query.columns.map(\.name) == ["id", "name"])
    }

    @Test func sqliteBindsNumbersAsNumbers() throws {
        let query = try Self.query([("id", "eq.7"), ("amount", "lte.2.5"), ("name", "eq.7")], engine: .sqlite)
        #expect(query.sql == #"SELECT "id", "name", "amount", "tags" FROM "marts"."orders" WHERE "id" = ?1 AND "amount" <= ?2 AND "name" = ?3 LIMIT 100"#)
        #expect(query.binds == [.integer(7), .double(2.5), .text("7")])
        #expect(throws: DataQuery.Problem.self) { try Self.query([("id", "eq.abc")], engine: .sqlite) }
    }

    @Test func valuesNeverBecomeSQL() throws {
        let hostile = "1; DROP TABLE marts.orders; --"
        let query = try Self.query([("name", "eq.\(hostile)"), ("name", "like.*'or'1'='1*")])
        #expect(!query.sql.contains("DROP"))
        #expect(!query.sql.contains("'"))
        #expect(query.binds == [.text(hostile), .text("%'or'1'='1%")])
    }

    @Test func castsOnlyPlainTypeNamesAndComparesTheRestAsText() throws {
        let query = try Self.query([("tags", "eq.{a}")])
        #expect(query.sql.contains(#""tags"::text = $1"#))
    }

    @Test(arguments: [
        ("nope", "eq.1", "nope", "unknown column 'nope'"),
        ("select", "id,\"name\"", "select", "unknown column"),
        ("select", "id;drop", "select", "unknown column"),
        ("order", "id desc", "order", "unknown column"),
        ("id", "1", "id", "<operator>.<value>"),
        ("id", "between.1", "id", "unknown filter operator 'between'"),
        ("limit", "-1", "limit", "from 1 to 10000"),
        ("limit", "10001", "limit", "from 1 to 10000"),
        ("limit", "1e9", "limit", "from 1 to 10000"),
        ("offset", "-5", "offset", "whole number"),
        ("cursor", "abc", "cursor", "needs the same 'order'"),
        ("id", "is.maybe", "id", "null or notnull"),
        ("\"id\"", "eq.1", "\"id\"", "unknown column"),
    ])
    func rejects(name: String, value: String, parameter: String, message: String) {
        do {
            _ = try Self.query([(name, value)])
            Issue.record("accepted \(name)=\(value)")
        } catch {
            #expect(error.parameter == parameter)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func keysetCursorContinuesAfterTheLastRow() throws {
        let first = try Self.query([("order", "id,name"), ("limit", "2")])
        let cursor = try #require(first.nextCursor(after: [.integer(41), .text("x\"y"), .null, .null]))
        let next = try Self.query([("order", "id,name"), ("limit", "2"), ("cursor", cursor)])
        #expect(next.sql.contains(#"WHERE ("id", "name") > ($1::integer, $2::text) ORDER BY "id" ASC, "name" ASC"#))
        #expect(next.binds == [.text("41"), .text("x\"y")])
        // Mixed directions cannot be continued by one row comparison.
        let mixed = try Self.query([("order", "id.desc,name")])
        #expect(mixed.nextCursor(after: [.integer(1), .text("a"), .null, .null]) == nil)
        #expect(throws: DataQuery.Problem.self) { try Self.query([("order", "id"), ("cursor", "not-base64!")]) }
    }
}
