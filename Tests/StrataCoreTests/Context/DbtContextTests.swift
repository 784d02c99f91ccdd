import Foundation
@testable import StrataCore
import StrataDiagnostics
import StrataJinja
import StrataTestSupport
import Testing

/// Renders templates with dbt's context but without a project.
struct ContextHarness {
    var environment: Environment

    init(type: String = "sqlite", project: Project? = nil) throws {
        environment = Environment(options: .init(parse: Compiler.parseOptions, enableReturn: true))
        let target = TargetInfo(name: "dev", type: type, schema: "main", database: "main", threads: 1)
        DbtContext.install(into: &environment, target: target, invocationID: "id", startedAt: Date(timeIntervalSince1970: 1_700_000_000), project: project)
        try BuiltinMacros.install(into: &environment.macros, options: Compiler.parseOptions)
    }

    mutating func add(_ text: String, namespace: String?) throws {
        let template = try environment.parse(SourceFile(path: "macros/\(namespace ?? "root").sql", text: text))
        try environment.macros.add(template, namespace: namespace, replacing: true)
    }

    func render(_ text: String, userData: RenderState? = nil) throws -> String {
        let template = try environment.parse(SourceFile(path: "models/m.sql", text: text))
        return try environment.render(template, userData: userData).text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A compile session over an empty project, for functions that need render state.
func emptySession() -> CompileSession {
    let project = Project(layout: .dbt, rootPath: "/tmp/p", settings: ProjectSettings(name: "shop"))
    let target = TargetInfo(name: "dev", type: "sqlite", schema: "main", database: "main", threads: 1)
    return CompileSession(project: project, target: target, cliVars: [:], environmentVariables: [:], index: RelationIndex(), invocationID: "id", startedAt: Date())
}

@Suite struct DispatchTests {
    static let packageMacros = """
        {% macro default__days(a) %}default-pkg{% endmacro %}
        {% macro sqlite__days(a) %}sqlite-pkg{% endmacro %}
        {% macro postgres__days(a) %}postgres-pkg{% endmacro %}
        {% macro default__only_default() %}default-only{% endmacro %}
        """

    func adapter(_ type: String, orders: [String: [String]] = [:]) -> AdapterObject {
        AdapterObject(type: type, rootProject: "shop", searchOrders: orders)
    }

    @Test func prefersTheAdapterSpecificVariant() throws {
        var harness = try ContextHarness()
        try harness.add(Self.packageMacros, namespace: "utils")
        #expect(try adapter("sqlite").dispatch("days", namespace: "utils", in: harness.environment.macros).name == "sqlite__days")
        #expect(try adapter("postgres").dispatch("days", namespace: "utils", in: harness.environment.macros).name == "postgres__days")
        #expect(try adapter("duckdb").dispatch("days", namespace: "utils", in: harness.environment.macros).name == "default__days")
        #expect(try adapter("sqlite").dispatch("only_default", namespace: "utils", in: harness.environment.macros).name == "default__only_default")
    }

    @Test func rootProjectOverridesThePackage() throws {
        var harness = try ContextHarness()
        try harness.add(Self.packageMacros, namespace: "utils")
        try harness.add("{% macro default__days(a) %}root{% endmacro %}", namespace: "shop")
        let macro = try adapter("sqlite").dispatch("days", namespace: "utils", in: harness.environment.macros)
        // Package order comes first: the root project's default__ beats the package's sqlite__.
        #expect(macro.namespace == "shop" && macro.name == "default__days")
    }

    @Test func followsTheProjectDispatchConfig() throws {
        var harness = try ContextHarness()
        try harness.add(Self.packageMacros, namespace: "utils")
        try harness.add("{% macro sqlite__days(a) %}shim{% endmacro %}", namespace: "shim")
        let configured = adapter("sqlite", orders: ["utils": ["shim", "utils"]])
        #expect(try configured.dispatch("days", namespace: "utils", in: harness.environment.macros).namespace == "shim")
        let reversed = adapter("sqlite", orders: ["utils": ["utils", "shim"]])
        #expect(try reversed.dispatch("days", namespace: "utils", in: harness.environment.macros).namespace == "utils")
    }

    @Test func reportsWhatItSearched() throws {
        let harness = try ContextHarness()
        #expect {
            try adapter("sqlite").dispatch("nothing", namespace: "utils", in: harness.environment.macros)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.message.contains("No macro named 'nothing' found within namespace: 'utils'")
                && error.label.contains("utils.sqlite__nothing") && error.label.contains("shop.default__nothing")
        }
    }

    @Test func dispatchedMacrosRenderFromTemplates() throws {
        var harness = try ContextHarness(type: "postgres")
        try harness.add(Self.packageMacros + "{% macro days(a) %}{{ return(adapter.dispatch('days', 'utils')(a)) }}{% endmacro %}", namespace: "utils")
        #expect(try harness.render("{{ utils.days(1) }}") == "postgres-pkg")
        #expect(try harness.render("{{ adapter.type() }} {{ adapter.quote('x') }}") == #"postgres "x""#)
        #expect(try harness.render("{{ adapter.get_relation('db', 's', 't') is none }} {{ adapter.get_columns_in_relation(this) | length }}") == "True 0")
    }
}

@Suite struct CrossDatabaseMacroRenderingTests {
    static let expressions: [(String, sqlite: String, postgres: String)] = [
        ("{{ dbt.datediff('a', 'b', 'day') }}", "CAST(julianday(date(b)) - julianday(date(a)) AS INTEGER)", "((b)::date - (a)::date)"),
        ("{{ dateadd('day', 3, 'd') }}", "datetime(d, ((3)) || ' days')", "d + ((interval '1 day') * (3))"),
        ("{{ concat(['a', 'b']) }}", "a || b", "a || b"),
        ("{{ safe_cast('x', 'int') }}", "cast(x as int)", "cast(x as int)"),
        ("{{ type_string() }}", "TEXT", "text"),
        ("{{ type_int() }}", "INTEGER", "integer"),
        ("{{ type_numeric() }}", "NUMERIC", "numeric(28,6)"),
        ("{{ type_timestamp() }}", "TIMESTAMP", "timestamp without time zone"),
        ("{{ type_boolean() }}", "BOOLEAN", "boolean"),
        ("{{ current_timestamp() }}", "datetime('now')", "now()"),
        ("{{ hash('x') }}", "lower(hex(cast(x as TEXT)))", "md5(cast(x as varchar))"),
        ("{{ split_part('s', \"','\", 1) }}", "(case when instr(s, ',') > 0 then substr(s, 1, instr(s, ',') - 1) else s end)", "split_part(s, ',', 1)"),
        ("{{ string_literal('v') }}", "'v'", "'v'"),
        ("{{ any_value('x') }}", "min(x)", "min(x)"),
        ("{{ bool_or('x') }}", "max(x)", "bool_or(x)"),
        ("{{ listagg('x') }}", "group_concat(x, ',')", "string_agg(x, ',')"),
        ("{{ date_trunc('month', 'd') }}", "date(d, 'start of month')", "date_trunc('month', d)"),
        ("{{ replace('f', \"'a'\", \"'b'\") }}", "replace(f, 'a', 'b')", "replace(f, 'a', 'b')"),
        ("{{ length('x') }}", "length(x)", "length(x)"),
        ("{{ position('a', 'b') }}", "instr(b, a)", "position(a in b)"),
        ("{{ right('s', 2) }}", "(case when (2) = 0 then '' else substr(s, -(2)) end)", "right(s, 2)"),
        ("{{ escape_single_quotes(\"it's\") }}", "it''s", "it''s"),
        ("{{ cast_bool_to_text('b') }}", "(case when (b) is null then null when (b) then 'true' else 'false' end)", "cast(b as text)"),
    ]

    @Test(arguments: expressions)
    func rendersForEachAdapter(_ expression: String, sqlite: String, postgres: String) throws {
        #expect(try ContextHarness(type: "sqlite").render(expression) == sqlite)
        #expect(try ContextHarness(type: "postgres").render(expression) == postgres)
    }

    @Test func postgresDatediffMonthComposesYears() throws {
        let sql = try ContextHarness(type: "postgres").render("{{ datediff('a', 'b', 'month') }}")
        #expect(sql.contains("date_part('year', (b)::date) - date_part('year', (a)::date)) * 12"))
    }

    @Test func rootProjectMacroOverridesTheBuiltin() throws {
        var harness = try ContextHarness()
        try harness.add("{% macro concat(fields) %}mine{% endmacro %}", namespace: nil)
        #expect(try harness.render("{{ concat(['a']) }} {{ dbt.concat(['a']) }}") == "mine a")
    }
}

@Suite struct QueryContextTests {
    @Test func runQueryReturnsNoneWhileCompiling() throws {
        let state = RenderState(session: emptySession(), mode: .parse, nodeID: "model.shop.m", packageName: "shop", relation: nil)
        let text = try ContextHarness().render("{% set r = run_query('select 1') %}{{ r is none }} {{ execute }}", userData: state)
        #expect(text == "True False")
        #expect(state.statements["main"]?.sql == "select 1")
    }

    @Test func statementBlocksAreRecordedNotRun() throws {
        let state = RenderState(session: emptySession(), mode: .compile, nodeID: "model.shop.m", packageName: "shop", relation: nil)
        let text = try ContextHarness().render(
            "{% call statement('ids', fetch_result=True) %}select {{ 1 + 1 }}{% endcall %}{{ load_result('ids') is none }}", userData: state)
        #expect(text == "True")
        #expect(state.statements["ids"]?.sql == "select 2")
        #expect(state.statements["ids"]?.fetchResult == true)
    }

    struct FakeExecutor: QueryExecutor {
        func execute(_ sql: String, fetch: Bool) throws -> QueryTable {
            QueryTable(columnNames: ["method"], rows: [[.string("card")], [.string("paypal")]])
        }
    }

    @Test func anExecutorFeedsResults() throws {
        let state = RenderState(session: emptySession(), mode: .compile, nodeID: "model.shop.m", packageName: "shop", relation: nil)
        state.executor = FakeExecutor()
        let text = try ContextHarness().render(
            "{{ run_query('x').columns[0].values() | join(',') }};{% call statement('s', fetch_result=True) %}x{% endcall %}{{ load_result('s')['data'] | length }}",
            userData: state)
        #expect(text == "card,paypal;2")
    }

    @Test func logAndPrintAreRecorded() throws {
        let state = RenderState(session: emptySession(), mode: .compile, nodeID: "model.shop.m", packageName: "shop", relation: nil)
        let text = try ContextHarness().render("{{ log('quiet') }}{{ log('loud', info=True) }}{{ print('p') }}", userData: state)
        #expect(text == "")
        #expect(state.messages == [LogMessage(text: "quiet", info: false), LogMessage(text: "loud", info: true), LogMessage(text: "p", info: true)])
    }
}

@Suite struct ModulesTests {
    @Test func regularExpressions() throws {
        let harness = try ContextHarness()
        #expect(try harness.render("{{ modules.re.match('ab+', 'abbc').group(0) }}") == "abb")
        #expect(try harness.render("{{ modules.re.match('b', 'abc') is none }}") == "True")
        #expect(try harness.render("{{ modules.re.search('(\\\\d+)-(\\\\d+)', 'x 12-34').groups() | join('/') }}") == "12/34")
        #expect(try harness.render("{{ modules.re.sub('[aeiou]', '_', 'banana') }}") == "b_n_n_")
        #expect(try harness.render("{{ modules.re.sub('(\\\\w)(\\\\d)', '\\\\2\\\\1', 'a1 b2') }}") == "1a 2b")
        #expect(try harness.render("{{ modules.re.findall('\\\\d', 'a1b22') | join(',') }}") == "1,2,2")
        #expect(try harness.render("{% set p = modules.re.compile('^stg_', modules.re.IGNORECASE) %}{{ p.match('STG_orders') is not none }}") == "True")
        #expect(try harness.render("{{ modules.re.split(',\\\\s*', 'a, b,c') | join('|') }}") == "a|b|c")
    }

    @Test func relationsAndZip() throws {
        let harness = try ContextHarness()
        #expect(try harness.render("{{ api.Relation.create(schema='s', identifier='t') }}") == #""s"."t""#)
        #expect(try harness.render("{% for a, b in zip([1, 2], ['x', 'y']) %}{{ a }}{{ b }}{% endfor %}") == "1x2y")
    }
}

@Suite struct DocsBlockTests {
    func project(docs: String) -> Project {
        var project = Project(layout: .dbt, rootPath: "/tmp/p", settings: ProjectSettings(name: "shop"))
        project.docFiles = [SourceFile(path: "models/docs.md", text: docs)]
        return project
    }

    @Test func collectsBlocksAndResolvesDoc() throws {
        let collector = DiagnosticCollector()
        let docs = DocsBlocks(project: project(docs: "{% docs orders %}\nOne row per order.\n{% enddocs %}\n\n{% docs status %}Status{% enddocs %}"), options: Compiler.parseOptions, diagnostics: collector)
        #expect(docs.blocks == ["orders": "One row per order.", "status": "Status"])
        var harness = try ContextHarness()
        harness.environment.addFunction("doc", docs.function())
        #expect(try harness.render("Orders. {{ doc('orders') }}") == "Orders. One row per order.")
        #expect {
            try harness.render("{{ doc('order') }}")
        } throws: { error in
            guard let diagnostic = error as? Diagnostic else { return false }
            return diagnostic.code == DocsBlocks.unknownDoc && diagnostic.message.contains("'order'") && (diagnostic.help ?? "").contains("orders")
        }
    }
}

@Suite struct ShopFixtureTests {
    @Test func compilesTheShopProject() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt")
        let target = TargetInfo(name: "sqlite", type: "sqlite", schema: "main", database: "database", threads: 1)
        let traits = EngineTraits(name: "sqlite", seedTypes: [:])
        let harness = try ProjectHarness(directory: directory.path, target: target, traits: traits)
        let stgOrders = try #require(harness.compiled.nodes["model.shop_dbt.stg_orders"]?.compiledCode)
        #expect(stgOrders.contains("CAST(julianday(shipped_date) - julianday(order_date) AS INTEGER) as days_to_ship"))
        #expect(stgOrders.contains(#"from "main"."raw_orders""#))
        let fct = try #require(harness.compiled.nodes["model.shop_dbt.fct_orders"])
        #expect(fct.postHookSQL == ["insert into main.shop_run_log (event, detail) values ('post_hook', 'fct_orders')"])
        #expect(fct.description.contains("Kettenblatt (\"chainring\")"))
        #expect(fct.columns.first { $0.name == "status" }?.description.hasPrefix("Where the order is in its life cycle") == true)
        #expect(harness.compiled.onRunStartSQL.first == "select 1 as schema_exists")
        #expect(harness.compiled.onRunEndSQL.count == 2)
        let payments = try #require(harness.compiled.nodes["model.shop_dbt.payments_by_country"]?.compiledCode)
        #expect(payments.contains("total_eur"))
    }
}

@Suite struct GraphContextTests {
    @Test func graphListsNodesAndSources() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt")
        try directory.write(
            "models/graph_probe.sql",
            """
            {%- set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | map(attribute='name') | list -%}
            {{ log('probe: ' ~ (models | length), info=True) }}
            select '{{ graph.sources['source.shop_dbt.shop.orders'].identifier }}' as src,
                   {{ 'stg_orders' in models }} as has_stg, {{ flags.FULL_REFRESH }} as fr
            """)
        let target = TargetInfo(name: "sqlite", type: "sqlite", schema: "main", database: "database", threads: 1)
        let harness = try ProjectHarness(directory: directory.path, target: target, traits: EngineTraits(name: "sqlite", seedTypes: [:]))
        let node = try #require(harness.compiled.nodes["model.shop_dbt.graph_probe"])
        let sql = try #require(node.compiledCode)
        #expect(sql.contains("select 'raw_orders' as src"))
        #expect(sql.contains("True as has_stg, False as fr"))
        #expect(node.logMessages == [LogMessage(text: "probe: 13", info: true)])
    }
}

@Suite struct ModelVariableTests {
    /// `model` is made only when read (`NodeContext.lazyModel`): read in the model, in a macro it calls and in its
    /// hook, it is one dictionary with the node's fields, and a change made in the model shows in the hook.
    @Test func modelIsReadInTheModelItsMacrosAndItsHooks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt")
        try directory.write("macros/model_probe.sql", "{% macro model_probe() %}{{ model.resource_type }}:{{ model.alias }}{% endmacro %}")
        try directory.write(
            "models/model_probe.sql",
            """
            {{ config(tags=['probe'], post_hook="select '{{ model.name }} {{ model.get('marker', 'unset') }}'") }}
            {%- do model.update({'marker': 'set'}) -%}
            select '{{ model.unique_id }}' as id, '{{ model_probe() }}' as probe, '{{ model.tags | join(',') }}' as tags,
                   '{{ model.fqn | join('.') }}' as fqn, '{{ model.config.materialized }}' as materialized
            """)
        let target = TargetInfo(name: "sqlite", type: "sqlite", schema: "main", database: "database", threads: 1)
        let harness = try ProjectHarness(directory: directory.path, target: target, traits: EngineTraits(name: "sqlite", seedTypes: [:]))
        let node = try #require(harness.compiled.nodes["model.shop_dbt.model_probe"])
        let sql = try #require(node.compiledCode)
        #expect(sql.contains("select 'model.shop_dbt.model_probe' as id, 'model:model_probe' as probe, 'probe' as tags"))
        #expect(sql.contains("'shop_dbt.model_probe' as fqn, 'view' as materialized"))
        #expect(node.postHookSQL == ["select 'model_probe set'"])
    }
}

@Suite struct DocReferenceTests {
    @Test func unknownDocInYAMLIsLocatedInTheProperties() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.copyContents(of: RepositoryPaths.root() + "/Tests/Fixtures/Projects/shop_dbt")
        let path = directory.path + "/models/marts/_marts.yml"
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        try directory.write("models/marts/_marts.yml", yaml.replacingOccurrences(of: #"doc("kettenblatt")"#, with: #"doc("kettenblat")"#))
        let target = TargetInfo(name: "sqlite", type: "sqlite", schema: "main", database: "database", threads: 1)
        #expect {
            _ = try ProjectHarness(directory: directory.path, target: target, traits: EngineTraits(name: "sqlite", seedTypes: [:]))
        } throws: { error in
            guard let error = error as? ProjectHarness.HarnessError, let diagnostic = error.diagnostics.first else { return false }
            return diagnostic.code == DocsBlocks.unknownDoc && diagnostic.help == "did you mean 'kettenblatt'?"
                && diagnostic.primary?.file.path.hasPrefix("models/marts/_marts.yml") == true
        }
    }
}
