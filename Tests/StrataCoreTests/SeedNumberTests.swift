import Foundation
import Testing

@testable import StrataCore

/// Seed columns read numbers as dbt does (agate 1.9.1's `Number` and Python's `Decimal`, dbt-core 1.10): the
/// expected values below are what `agate.Number().cast(value)` returned under Python 3.11, printed with `str()`,
/// and whether `agate.MaxPrecision` found decimal places (a float column) or not (an integer column).
@Suite struct SeedNumberTests {
    /// Field, Python's `str()` of the value (nil when agate refuses it), and whether it has decimal places.
    static let agateReadings: [(String, String?, Bool)] = [
        ("$1,234.50", "1234.50", true),
        ("1,000", "1000", false),
        ("-€3", "-3", false),
        ("(5)", nil, false),
        ("5%", "5", false),
        ("%5%", "5", false),
        ("--5", "5", false),
        ("-$5", "-5", false),
        ("$-5", "-5", false),
        ("€$5", nil, false),
        ("$€5", "5", false),
        ("1.000,50", "1.00050", true),
        ("+5", "5", false),
        ("nan", "NaN", false),
        ("-inf", "-Infinity", false),
        ("Infinity", "Infinity", false),
        ("snan", nil, false),
        ("1_000", "1000", false),
        ("١٢", "12", false),
        (" 7 ", "7", false),
        ("1.", "1", false),
        (".5", "0.5", true),
        ("1e5", "1E+5", false),
        ("1.0", "1.0", false),
        ("1.50", "1.50", true),
        ("5 $", "5", false),
        ("US$5", nil, false),
        ("\u{A0}5", "5", false),
        ("1 000", nil, false),
        ("1e", nil, false),
        ("0.0000001", "1E-7", true),
        ("0.00", "0.00", false),
        ("-0", "-0", false),
        ("007", "7", false),
        ("12345678901234567890123456789012", "1.234567890123456789012345679E+31", true),
        ("9999999999999999999999999999.5", "1.000000000000000000000000000E+28", true),
        ("1.00000000000000000000000000001", "1.000000000000000000000000000", false),
        ("%-5", "-5", false),
        ("-%5", nil, false),
        ("1e-2", "0.01", true),
        ("2E+1", "2E+1", false),
    ]

    /// One value alone in a column: its type, and the text a loader receives for it.
    ///
    /// A float column gets Python's `str()` (what dbt-sqlite binds); an integer column gets plain digits, which
    /// every engine's integer input takes.
    @Test(arguments: agateReadings)
    func singleValueReadsAsAgateReadsIt(field: String, python: String?, hasDecimals: Bool) throws {
        let table = try SeedParser.parse(bytes: Array(("v\n\"\(field)\"\n").utf8), path: "s.csv")
        let expectedType: SeedColumnType = python == nil ? .text : (hasDecimals ? .number : .integer)
        #expect(table.columns[0].inferred == expectedType)
        let loaded = table.rows[0][0]
        switch expectedType {
        case .number: #expect(loaded == python)
        case .integer: #expect(loaded == Self.integerText(python!))
        default: #expect(loaded == field)
        }
    }

    /// The whole digits of an integral Python `Decimal` string (`1E+5`, `1.0`, `-0`).
    private static func integerText(_ python: String) -> String {
        if ["NaN", "Infinity", "-Infinity"].contains(python) { return python }
        guard let value = Double(python) else { return python }
        return value == 0 ? "0" : String(format: "%.0f", value)
    }

    /// A loader passes a field on unchanged only when it is already spelled as the rewrite would spell it.
    @Test(arguments: [
        "0", "5", "-5", "10", "-0", "007", "0.5", "-0.5", "1.0", "1.50", "00.5", "0.000001", "0.0000001", "0.00",
        "0.0000000", "1.", ".5", "+5", "1e5", String(repeating: "9", count: 28), String(repeating: "9", count: 29),
    ])
    func canonicalSpellingIsWhatRenderWrites(field: String) throws {
        let bytes = Array(field.utf8)
        try bytes.withUnsafeBufferPointer { b in
            var digits = [UInt8](repeating: 0, count: b.count)
            try digits.withUnsafeMutableBufferPointer { digits in
                let number = try #require(SeedNumber.parse(b, digits: digits))
                for asInteger in [true, false] where !asInteger || number.exponent + number.trailingZeros >= 0 {
                    var text: [UInt8] = []
                    number.render(
                        digits: UnsafeBufferPointer(digits), asInteger: asInteger, nonFiniteAsNaN: false, into: &text)
                    #expect(
                        number.isCanonical(asInteger: asInteger) == (text == bytes), "\(field) as integer: \(asInteger)"
                    )
                }
            }
        }
    }

    @Test func currencyColumnIsAFloatColumnAndLoadsPlainNumbers() throws {
        let csv = "id,amount,units\n1,\"$1,234.50\",\"1,000\"\n2,$3,7\n3, 7 ,5%\n4,,null\n"
        let table = try SeedParser.parse(bytes: Array(csv.utf8), path: "s.csv")
        #expect(table.columns.map(\.inferred) == [.integer, .number, .integer])
        #expect(table.rows.map { $0[1] } == ["1234.50", "3", "7", nil])
        #expect(table.rows.map { $0[2] } == ["1000", "7", "5", nil])
    }

    @Test func wholeDecimalsMakeAnIntegerColumn() throws {
        let table = try SeedParser.parse(bytes: Array("v\n1.0\n2.00\n3\n".utf8), path: "s.csv")
        #expect(table.columns[0].inferred == .integer)
        #expect(table.rows.map { $0[0] } == ["1", "2", "3"])
    }

    @Test func configuredTypeKeepsTheFieldAsWritten() throws {
        let table = try SeedParser.parse(
            bytes: Array("v\n\"$1,000\"\n".utf8), path: "s.csv", columnTypes: ["v": "text"])
        #expect(table.rows[0][0] == "$1,000")
    }

    @Test func whitespaceAroundNullAndBlankFieldsIsNull() throws {
        let table = try SeedParser.parse(bytes: Array("a,b\n  , null \n\u{3000},x\n".utf8), path: "s.csv")
        #expect(table.rows == [[nil, nil], [nil, "x"]])
        #expect(table.columns.map(\.inferred) == [.integer, .text])
    }

    @Test func infinitiesBecomeNaNForPostgres() throws {
        let table = try SeedParser.parse(bytes: Array("v\n1.5\n-inf\nnan\n".utf8), path: "s.csv")
        var cursor = table.makeCursor(nonFiniteNumbersAsNaN: true)
        var values: [String?] = []
        while cursor.next() { values.append(cursor.string(at: 0)) }
        #expect(values == ["1.5", "NaN", "NaN"])
        #expect(table.rows.map { $0[0] } == ["1.5", "-Infinity", "NaN"])
    }
}
