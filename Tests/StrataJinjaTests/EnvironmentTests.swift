import StrataDiagnostics
import Synchronization
import Testing

@testable import StrataJinja

/// The host API Core codes against: functions, objects, per-render globals, user data and the macro library.
@Suite struct EnvironmentTests {
    func parse(_ text: String, path: String = "models/m.sql", _ environment: Environment = Environment()) throws
        -> Template
    {
        try environment.parse(SourceFile(path: path, text: text))
    }

    /// Hosts skip building an argument a macro never reads (the naming macros' `node`).
    @Test func macrosTellWhetherTheyMayReadAParameter() throws {
        let sources = [
            "{% macro a(custom, node) %}{{ custom | trim }}{% endmacro %}": false,
            "{% macro a(custom, node) %}{% if node.resource_type == 'seed' %}s{% endif %}{% endmacro %}": true,
            "{% macro a(custom, node) %}{% set n = node %}{{ n }}{% endmacro %}": true,
            "{% macro a(custom, node) %}{% macro inner() %}{{ node }}{% endmacro %}{{ inner() }}{% endmacro %}": true,
            "{% macro a(custom, node, name=node.name) %}{{ name }}{% endmacro %}": true,
            "{% macro a(custom, node) %}{{ varargs }}{% endmacro %}": true,
            "{% macro a(custom, node) %}{{ 'node' }}{{ custom.node }}{% endmacro %}": false,
        ]
        for (source, reads) in sources {
            let macro = try #require(try parse(source).macros.first)
            #expect(macro.mayRead("node") == reads, "\(source)")
        }
    }

    @Test func perRenderGlobalsLayerOverEnvironmentGlobals() throws {
        var environment = Environment()
        environment.addGlobal("schema", "base")
        environment.addGlobal("db", "warehouse")
        let template = try parse("{{ db }}.{{ schema }}", environment)
        #expect(try environment.render(template, globals: ["schema": "override"]).text == "warehouse.override")
        #expect(try environment.render(template).text == "warehouse.base")
    }

    @Test func hostFunctionsSeeArgumentsInOrderAndTheCallSite() throws {
        var environment = Environment()
        environment.addFunction("probe") { arguments, context in
            let keywords = arguments.keywords.map { "\($0.name)=\($0.value.renderedString)" }.joined(separator: ",")
            let location = context.file.location(of: context.span.start)
            let argument = context.argumentSpan(0).map { context.file.location(of: $0.start).description } ?? "-"
            return .string(
                "\(arguments.positional.map(\.repr).joined(separator: " ")) \(keywords) at \(location) arg \(argument)")
        }
        let template = try parse("x\n  {{ probe(1, 'a', z=2, a=1) }}", environment)
        #expect(try environment.render(template).text == "x\n  1 'a' z=2,a=1 at 2:6 arg 2:12")
    }

    /// Core's pattern: one `ref` per render that records what the model depends on, without global state.
    @Test func perRenderFunctionRecordsWhatItSaw() throws {
        let environment = Environment()
        let template = try parse("{{ ref('a') }} {% if true %}{{ ref('b') }}{% endif %}", environment)
        let seen = Mutex<[String]>([])
        let ref = Value.function("ref") { arguments, _ in
            let name = arguments[0]?.renderedString ?? ""
            seen.withLock { $0.append(name) }
            return .string("\"main\".\"\(name)\"")
        }
        let output = try environment.render(template, globals: ["ref": ref])
        #expect(output.text == "\"main\".\"a\" \"main\".\"b\"")
        #expect(seen.withLock { $0 } == ["a", "b"])
    }

    @Test func userDataReachesHostFunctions() throws {
        var environment = Environment()
        environment.addFunction("model_name") { _, context in .string(context.userData as? String ?? "?") }
        let template = try parse("{{ model_name() }}", environment)
        #expect(try environment.render(template, userData: "orders").text == "orders")
    }

    @Test func hostErrorsBecomeDiagnosticsAtTheCall() throws {
        var environment = Environment()
        environment.addFunction("fail") { _, _ in
            throw TemplateError("G4001", "unknown model 'x' in ref()", help: "did you mean 'y'?", label: "here")
        }
        environment.addFunction("crash") { _, _ in throw CancellationError() }
        let error = #expect(throws: Diagnostic.self) {
            try environment.render(try parse("ab {{ fail() }}", environment))
        }
        #expect(error?.code == "G4001")
        #expect(error?.help == "did you mean 'y'?")
        #expect(error?.primary?.span == SourceSpan(start: 6, end: 12))
        let crash = #expect(throws: Diagnostic.self) { try environment.render(try parse("{{ crash() }}", environment)) }
        #expect(crash?.code == .jinjaHostFailure)
    }

    @Test func macroLibraryAcrossFilesAndNamespaces() throws {
        var environment = Environment()
        try environment.macros.add(
            try parse(
                "{% macro helper() %}root{% endmacro %}{% macro shared() %}[{{ helper() }}]{% endmacro %}",
                path: "macros/a.sql"))
        try environment.macros.add(
            try parse(
                "{% macro helper() %}pkg{% endmacro %}{% macro uses() %}{{ helper() }}/{{ shared() }}{% endmacro %}",
                path: "pkg/macros/b.sql"),
            namespace: "pkg")
        #expect(environment.macros.contains("helper"))
        #expect(environment.macros.contains("uses", namespace: "pkg"))
        #expect(!environment.macros.contains("uses"))
        #expect(environment.macros.namespaces == ["pkg"])
        let template = try parse("{{ shared() }} {{ pkg.uses() }} {{ pkg.helper() }}", environment)
        #expect(try environment.render(template).text == "[root] pkg/[root] pkg")
    }

    @Test func duplicateMacrosCanReplaceWhenAsked() throws {
        var environment = Environment()
        try environment.macros.add(try parse("{% macro m() %}1{% endmacro %}", path: "a.sql"))
        let second = try parse("{% macro m() %}2{% endmacro %}", path: "b.sql")
        #expect(throws: Diagnostic.self) { try environment.macros.add(second) }
        try environment.macros.add(second, replacing: true)
        #expect(try environment.callMacro("m").stringValue == "2")
    }

    @Test func swiftCallsMacrosWithArgumentsAndGetsTextOrValues() throws {
        var environment = Environment(options: Environment.Options(enableReturn: true))
        let source = """
            {% macro generate_schema_name(custom, node) -%}
                {%- if custom is none -%}{{ target_schema }}{%- else -%}{{ target_schema }}_{{ custom | trim }}{%- endif -%}
            {%- endmacro %}
            {% macro columns() %}{{ return(['id', 'name']) }}{% endmacro %}
            """
        try environment.macros.add(try parse(source, path: "macros/schema.sql"))
        let globals: [String: Value] = ["target_schema": "main"]
        let plain = try environment.callMacro(
            "generate_schema_name", arguments: Arguments([.none, .none]), globals: globals)
        #expect(plain.stringValue == "main")
        let custom = try environment.callMacro(
            "generate_schema_name", arguments: Arguments(["marts"], keywords: [("node", .none)]), globals: globals)
        #expect(custom.stringValue == "main_marts")
        #expect(try environment.callMacro("columns").listItems?.compactMap(\.stringValue) == ["id", "name"])
        let missing = #expect(throws: Diagnostic.self) { try environment.callMacro("column") }
        #expect(missing?.help == "did you mean 'columns'?")
    }

    @Test func contextCallsBackIntoTheRender() throws {
        var environment = Environment()
        environment.addFunction("twice") { arguments, context in
            let callable = arguments[0] ?? .none
            let first = try context.call(callable, Arguments([arguments[1] ?? .none]))
            return .string(first.renderedString + "|" + context.lookup("suffix").renderedString)
        }
        let template = try parse(
            "{% macro m(x) %}<{{ x }}>{% endmacro %}{% set suffix = 's' %}{{ twice(m, 1) }}", environment)
        #expect(try environment.render(template).text == "<1>|s")
    }

    @Test func hostObjectsAreCallableWithMethodsAndAttributes() throws {
        var environment = Environment()
        FixtureHost.install(into: &environment)
        let template = try parse(
            "{{ config(a=1) }}{{ config.get('materialized') }} {{ config.get('x', 'dflt') }} {{ this }} {{ this.name }}",
            environment)
        #expect(try environment.render(template).text == "view dflt \"main\".\"current_model\" current_model")
    }

    @Test func listsAndDictsHaveReferenceSemanticsAcrossHostAndTemplate() throws {
        var environment = Environment()
        let log = ListBox()
        environment.addFunction("log_value") { arguments, _ in
            log.append(arguments[0] ?? .none)
            return .string("")
        }
        let template = try parse(
            "{% set l = [1] %}{% do l.append(2) %}{{ log_value(l) }}{% do l.append(3) %}", environment)
        _ = try environment.render(template)
        #expect(log.items.first?.listItems?.compactMap(\.intValue) == [1, 2, 3])
    }

    @Test func concurrentRendersShareOneEnvironment() async throws {
        var environment = Environment()
        try environment.macros.add(try parse("{% macro wrap(x) %}({{ x }}){% endmacro %}", path: "macros/w.sql"))
        environment.addGlobal("shared", .list(ListBox([1, 2, 3])))
        let template = try parse("{% for i in shared %}{{ wrap(name ~ i) }}{% endfor %}", environment)
        let frozen = environment
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<64 {
                group.addTask { (index, try frozen.render(template, globals: ["name": .string("m\(index)")]).text) }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        for index in 0..<64 { #expect(results[index] == "(m\(index)1)(m\(index)2)(m\(index)3)") }
    }

    @Test func strictUndefinedFailsOnUseButAllowsTests() throws {
        let environment = Environment(options: Environment.Options(undefined: .strict))
        #expect(try environment.render(try parse("{{ x is defined }} {{ x | default('d') }}")).text == "False d")
        #expect(throws: Diagnostic.self) { try environment.render(try parse("{% if x %}{% endif %}")) }
        #expect(throws: Diagnostic.self) { try environment.render(try parse("{% for i in x %}{% endfor %}")) }
    }

    @Test func customFiltersAndTestsCanBeRegistered() throws {
        var environment = Environment()
        environment.addFilter("quote") { value, arguments, _ in
            let mark = arguments[0]?.renderedString ?? "\""
            return .string(mark + value.renderedString + mark)
        }
        environment.addTest("model") { value, _, _ in value.renderedString.hasPrefix("stg_") }
        let template = try parse("{{ 'x' | quote }} {{ 'y' | quote(\"'\") }} {{ 'stg_a' is model }}", environment)
        #expect(try environment.render(template).text == "\"x\" 'y' True")
        #expect(environment.filterNames.contains("quote"))
    }
}
