import Testing

@testable import StrataCore

/// How unit tests compare rows: a multiset over the expected columns, tolerant of types, with dbt's diff.
@Suite struct UnitTestComparisonTests {
    @Test func valuesCompareAcrossTypes() {
        let expected = UnitTestComparison.row([.int(1), .string("1.50"), .bool(true), .null, .string("x")])
        let actual = UnitTestComparison.row([.text("1"), .decimal("1.5"), .integer(1), .null, .text("x")])
        #expect(expected.key == actual.key)
        #expect(
            UnitTestComparison.row([QueryValue.double(0.1 + 0.2)]).key
                == UnitTestComparison.row([UnitTestValue.double(0.3)]).key)
        #expect(
            UnitTestComparison.row([UnitTestValue.string("x ")]).key
                != UnitTestComparison.row([QueryValue.text("x")]).key)
        #expect(
            UnitTestComparison.row([UnitTestValue.null]).key != UnitTestComparison.row([QueryValue.text("null")]).key)
    }

    @Test func rowsAreAMultisetAndTheDiffMarksBothSides() {
        let expected = [[1, 10], [2, 20], [2, 20], [3, 31]].map {
            UnitTestComparison.row($0.map { UnitTestValue.int($0) })
        }
        let actual = [[3, 30], [2, 20], [1, 10]].map {
            UnitTestComparison.row($0.map { QueryValue.integer(Int64($0)) })
        }
        let comparison = UnitTestComparison(columns: ["id", "amount"], expected: expected, actual: actual)
        #expect(!comparison.passes)
        #expect(comparison.differences == 3)
        #expect(
            comparison.diff() == """
                    | id | amount
                    | 1  | 10
                    | 2  | 20
                --- | 2  | 20
                +++ | 3  | 30
                --- | 3  | 31
                """)
        let same = UnitTestComparison(
            columns: ["id", "amount"], expected: Array(expected.prefix(2)), actual: Array(actual.suffix(2)))
        #expect(same.passes)
    }

    @Test func literalsAreTypedOnlyWherePostgresNeedsIt() {
        let rows = UnitTestRows(
            format: .dict, columns: ["d", "n"],
            rows: [["d": .string("2024-01-05"), "n": .double(1.5)], ["n": .bool(true)]])
        #expect(
            UnitTestSQL.rowsQuery(columns: ["d", "n"], types: ["d": "date"], rows: rows, engine: "postgres") == """
                select cast('2024-01-05' as date) as "d", 1.5 as "n"
                union all
                select cast(NULL as date) as "d", true as "n"
                """)
        #expect(
            UnitTestSQL.rowsQuery(columns: ["d", "n"], types: ["d": "date"], rows: rows, engine: "sqlite") == """
                select '2024-01-05' as "d", 1.5 as "n"
                union all
                select NULL as "d", true as "n"
                """)
    }

    @Test func inputExpressionsParse() {
        #expect(UnitTestInputTarget(expression: "ref('orders')") == .ref(package: nil, name: "orders"))
        #expect(UnitTestInputTarget(expression: "ref(\"shop\", \"orders\")") == .ref(package: "shop", name: "orders"))
        #expect(UnitTestInputTarget(expression: "source('raw', 'orders')") == .source("raw", "orders"))
        #expect(UnitTestInputTarget(expression: "this") == .this)
        #expect(UnitTestInputTarget(expression: "ref(orders)") == nil)
        #expect(UnitTestInputTarget(expression: "source('raw')") == nil)
    }
}
