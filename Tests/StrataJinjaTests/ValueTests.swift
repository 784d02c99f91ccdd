import StrataDiagnostics
import Testing

@testable import StrataJinja

@Suite struct ValueTests {
    /// Python's `repr(float)` for the same values, printed by CPython 3.11.
    @Test func floatsPrintLikePython() {
        let values: [Double] = [
            1.0, 0.5, 1e16, 1e15, 1e-5, 0.0001, 0.1 + 0.2, 1.0 / 3, -0.0, 123456789.0, 1e22, 1.5e-7, 2.5e-3, 1e301,
            5e-324, 1.7976931348623157e308, 100.0, 12345678901234567.0, 0.1, 2.0 / 3, 1e-4, 9.999999999999999e15, 1e17,
        ]
        let python = """
            1.0 0.5 1e+16 1000000000000000.0 1e-05 0.0001 0.30000000000000004 0.3333333333333333 -0.0 123456789.0 \
            1e+22 1.5e-07 0.0025 1e+301 5e-324 1.7976931348623157e+308 100.0 1.2345678901234568e+16 0.1 \
            0.6666666666666666 0.0001 1e+16 1e+17
            """
        #expect(values.map { Value.double($0).renderedString }.joined(separator: " ") == python)
        #expect(Value.double(.infinity).renderedString == "inf")
        #expect(Value.double(.nan).renderedString == "nan")
    }

    @Test func containersPrintLikePython() {
        let value: Value = ["a", 1, ["k": .none], .tuple([true]), .tuple([]), 2.5, "it's", "say \"x\" 'y'"]
        #expect(value.renderedString == #"['a', 1, {'k': None}, (True,), (), 2.5, "it's", 'say "x" \'y\'']"#)
        #expect(Value.undefined("x").renderedString == "")
    }

    @Test func equalityFollowsPython() {
        #expect(Value.equals(1, 1.0))
        #expect(Value.equals(true, 1))
        #expect(!Value.equals(.list(ListBox([1])), .tuple([1])))
        #expect(Value.equals(["a": 1, "b": 2], ["b": 2, "a": 1]))
        #expect(!Value.equals(.none, .undefined("x")))
    }

    @Test func dictsKeepInsertionOrderAndShareNumericKeys() throws {
        let dict = DictBox()
        dict.set("z", 1)
        dict.set("a", 2)
        try dict.set(.int(1), "int")
        try dict.set(.double(1.0), "float replaces int")
        try dict.set(.bool(true), "bool replaces too")
        #expect(dict.keys.map(\.repr) == ["'z'", "'a'", "1"])
        #expect(dict.value(for: .int(1))?.stringValue == "bool replaces too")
        #expect(throws: TemplateError.self) { try dict.set(.list(ListBox()), 1) }
        #expect(dict.remove("a")?.intValue == 2)
        #expect(dict.keys.map(\.repr) == ["'z'", "1"])
        #expect(dict.value(for: .int(1)) != nil)
    }

    @Test func arithmeticFollowsPython() throws {
        #expect(try Value.arithmetic(.floorDiv, -7, 2).intValue == -4)
        #expect(try Value.arithmetic(.mod, -7, 3).intValue == 2)
        #expect(try Value.arithmetic(.mod, 7, -3).intValue == -2)
        #expect(try Value.arithmetic(.div, 7, 2).doubleValue == 3.5)
        #expect(try Value.arithmetic(.pow, 2, -1).doubleValue == 0.5)
        #expect(throws: TemplateError.self) { try Value.arithmetic(.mul, .int(.max), 2) }
        #expect(throws: TemplateError.self) { try Value.arithmetic(.div, 1, 0) }
    }

    @Test func slicesFollowPython() throws {
        #expect(try Value.sliceIndices(count: 6, start: nil, stop: nil, step: -1) == [5, 4, 3, 2, 1, 0])
        #expect(try Value.sliceIndices(count: 6, start: -2, stop: nil, step: nil) == [4, 5])
        #expect(try Value.sliceIndices(count: 6, start: 5, stop: 1, step: -2) == [5, 3])
        #expect(throws: TemplateError.self) { try Value.sliceIndices(count: 1, start: nil, stop: nil, step: 0) }
    }

    @Test func argumentBindingMatchesPythonSignatures() throws {
        let arguments = Arguments([1], keywords: [("c", 3)])
        let bound = try arguments.bind("f", ["a", "b", "c"], required: 1)
        #expect(bound.map { $0?.intValue } == [1, nil, 3])
        let unknown = #expect(throws: TemplateError.self) { try Arguments(keywords: [("cc", 1)]).bind("f", ["c"]) }
        #expect(unknown?.help == "did you mean 'c'?")
        #expect(unknown?.target == .keyword("cc"))
        #expect(throws: TemplateError.self) { try Arguments([1, 2]).bind("f", ["a"]) }
        #expect(throws: TemplateError.self) { try Arguments().bind("f", ["a"], required: 1) }
    }
}
