import StrataDiagnostics
import Testing

@testable import StrataJinja

/// Host objects take part in arithmetic, ordering and unary minus through `JinjaObject`'s operator methods, the
/// way Python's `__add__`/`__radd__`/`__lt__`/`__neg__` work.
@Suite struct HostOperatorTests {
    /// A length that adds to lengths, scales by integers from either side and orders against lengths.
    struct Meters: JinjaObject {
        let value: Int
        var typeName: String { "meters" }
        var renderedString: String { "\(value)m" }

        func arithmetic(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value? {
            switch (op, other) {
            case (.add, .object(let other as Meters)): return .object(Meters(value: value + other.value))
            case (.sub, .object(let other as Meters)):
                return .object(Meters(value: reflected ? other.value - value : value - other.value))
            case (.mul, .int(let factor)): return .object(Meters(value: value * factor))
            case (.div, .int(0)) where !reflected: throw TemplateError(.jinjaArithmetic, "a length divided by zero")
            default: return nil
            }
        }

        func compare(to other: Value) throws(TemplateError) -> Int? {
            guard case .object(let other as Meters) = other else { return nil }
            return value == other.value ? 0 : (value < other.value ? -1 : 1)
        }

        func negated() throws(TemplateError) -> Value? { .object(Meters(value: -value)) }
    }

    func render(_ text: String) throws -> String {
        var environment = Environment()
        environment.addFunction("m") { arguments, _ in .object(Meters(value: arguments[0]?.intValue ?? 0)) }
        return try environment.render(try environment.parse(SourceFile(path: "t.sql", text: text))).text
    }

    @Test func arithmeticAsksTheLeftOperandThenTheRight() throws {
        #expect(try render("{{ m(2) + m(3) }} {{ m(2) - m(5) }} {{ m(2) * 3 }} {{ 3 * m(2) }}") == "5m -3m 6m 6m")
    }

    @Test func orderingWorksFromEitherSideAndInFilters() throws {
        #expect(try render("{{ m(2) < m(3) }} {{ m(3) <= m(3) }} {{ m(4) > m(3) }}") == "True True True")
        #expect(try render("{{ [m(3), m(1), m(2)] | sort | join(',') }} {{ [m(3), m(9)] | max }}") == "1m,2m,3m 9m")
    }

    @Test func unaryMinusAndPlus() throws {
        #expect(try render("{{ -m(2) }} {{ +m(2) }}") == "-2m 2m")
    }

    @Test func unsupportedOperandsReportBothTypesAtTheExpression() {
        let error = #expect(throws: Diagnostic.self) { try render("x {{ m(2) + 'a' }}") }
        #expect(error?.code == .jinjaTypeError)
        #expect(error?.message == "unsupported operand type(s) for +: 'meters' and 'str'")
        #expect(error?.primary?.span == SourceSpan(start: 5, end: 15))
        let order = #expect(throws: Diagnostic.self) { try render("{{ m(2) < 1 }}") }
        #expect(order?.message == "'<' not supported between instances of 'meters' and 'int'")
    }

    @Test func errorsOfTheObjectKeepTheirCodeAndPlace() {
        let error = #expect(throws: Diagnostic.self) { try render("{{ m(2) / 0 }}") }
        #expect(error?.code == .jinjaArithmetic)
        #expect(error?.message == "a length divided by zero")
        #expect(error?.primary?.span == SourceSpan(start: 3, end: 11))
    }
}
