import StrataDiagnostics
import Testing

@testable import StrataJinja

@Suite struct StaticCallsTests {
    let source = """
        {{ config(materialized='table', tags=['a', 'b'], enabled=true, batch=-1) }}
        {% set upstream = ref('stg_orders') %}
        select * from {{ upstream }} join {{ ref('stg' ~ 'payments') }}
        {% if target.name == 'prod' %}{{ ref('prod_only') }}{% endif %}
        {% for m in models %}{{ ref(m) }}{% endfor %}
        {% macro helper() %}{{ source('raw', 'orders') }}{% endmacro %}
        {{ other(ref('nested', v=2)) }} {{ x if flag else ref('branch') }} {{ utils.star(ref('dotted')) }}
        {{ ref(*args) }}
        """

    var calls: [StaticCall] {
        get throws {
            try Template.parse(SourceFile(path: "models/x.sql", text: source))
                .staticCalls(named: ["ref", "source", "config", "utils.star"])
        }
    }

    @Test func findsCallsInSourceOrderWithNames() throws {
        #expect(
            try calls.map(\.name) == [
                "config", "ref", "ref", "ref", "ref", "source", "ref", "ref", "utils.star", "ref", "ref",
            ])
    }

    @Test func literalArgumentsBecomeValues() throws {
        let config = try calls[0]
        #expect(config.arguments.isEmpty)
        #expect(config.keyword("materialized")?.stringValue == "table")
        #expect(config.keyword("tags")?.listItems?.compactMap(\.stringValue) == ["a", "b"])
        #expect(config.keyword("enabled")?.boolValue == true)
        #expect(config.keyword("batch")?.intValue == -1)
        #expect(config.isUnconditional)
        let source = try calls[5]
        #expect(source.arguments.map { $0?.stringValue } == ["raw", "orders"])
    }

    @Test func nonLiteralArgumentsAreNil() throws {
        let calls = try calls
        #expect(calls[2].arguments.map { $0?.stringValue } == ["stgpayments"])
        #expect(calls[4].arguments.count == 1)
        #expect(calls[4].arguments[0] == nil)
        #expect(calls[10].hasSpreadArguments)
    }

    @Test func conditionalityFollowsBlocksAndBranches() throws {
        let flags = try calls.map(\.isUnconditional)
        #expect(flags == [true, true, true, false, false, false, true, false, true, true, true])
    }

    @Test func spansPointAtTheCall() throws {
        let call = try calls[1]
        let file = SourceFile(path: "models/x.sql", text: source)
        #expect(file.location(of: call.span.start) == SourceLocation(line: 2, column: 19))
        #expect(call.span.length == "ref('stg_orders')".utf8.count)
        #expect(call.argumentSpans[0].length == "'stg_orders'".utf8.count)
    }
}

@Suite struct ValidationTests {
    @Test func reportsEveryUnknownFilterAndTestWithoutRendering() throws {
        let environment = Environment()
        let source = """
            {{ x | uper }}{% if false %}{{ y | lenght }}{% endif %}
            {% filter trimm %}a{% endfilter %}{% if x is od %}{% endif %}{{ z | upper | default('d') }}
            {% macro m() %}{{ v | jion(',') }}{% endmacro %}
            """
        let template = try environment.parse(SourceFile(path: "m.sql", text: source))
        let problems = environment.validate(template)
        #expect(
            problems.map(\.message) == [
                "unknown filter 'uper'", "unknown filter 'lenght'", "unknown filter 'trimm'", "unknown test 'od'",
                "unknown filter 'jion'",
            ])
        #expect(
            problems.map(\.help) == [
                "did you mean 'upper'?", "did you mean 'length'?", "did you mean 'trim'?", "did you mean 'odd'?",
                "did you mean 'join'?",
            ])
        #expect(problems.allSatisfy { $0.code == .jinjaUnknownFilter || $0.code == .jinjaUnknownTest })
        #expect(
            environment.validate(try environment.parse(SourceFile(path: "ok.sql", text: "{{ a | upper }}"))).isEmpty)
    }
}
