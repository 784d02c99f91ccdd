import Foundation
import StrataDiagnostics
import StrataJinja
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A realistic workload (dbt-style models of about 2.6 KB with `config`, `ref`, a loop, an `if` and a macro call).
///
/// Asserts only correctness, never time. With `STRATA_BENCH=1` it runs 10,000 models and prints wall-clock and
/// thread CPU time (the CPU figure is the one to compare: wall time includes other processes on a busy machine).
/// Measure with a release build: `STRATA_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter Benchmark`.
@Suite(.serialized) struct BenchmarkTests {
    static let isBenchmark = ProcessInfo.processInfo.environment["STRATA_BENCH"] == "1"

    static let macros = """
        {% macro cents_to_dollars(column_name) -%}
            ({{ column_name }} / 100.0)
        {%- endmacro %}
        {% macro generate_schema_name(custom_schema_name, node) -%}
            {%- set default_schema = target.schema -%}
            {%- if custom_schema_name is none or target.type == 'sqlite' -%}
                {{ default_schema }}
            {%- else -%}
                {{ default_schema }}_{{ custom_schema_name | trim }}
            {%- endif -%}
        {%- endmacro %}
        """

    static func model(_ index: Int) -> String {
        let columns = (0..<40).map { "        coalesce(col_\($0)_\(index), 0) as metric_\($0)," }.joined(
            separator: "\n")
        return """
            {{ config(materialized='table', tags=['nightly', 'finance']) }}
            {% set payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] %}
            -- model \(index): aggregates payments per order for the finance marts

            with source as (
                select * from {{ ref('stg_payments') }}
            ),
            orders as (
                select * from {{ ref('stg_orders_\(index % 50)') }}
            ),
            aggregated as (
                select
                    order_id,
                    {{ cents_to_dollars('amount_cents') }} as amount,
            \(columns)
                    {% for v in payment_methods -%}
                    sum(case when payment_method = '{{ v }}' then amount_cents else 0 end) as {{ v }}_amount_\(index),
                    {% endfor -%}
                    count(*) as n_rows
                from source
                join orders using (order_id)
                {% if target.name == 'prod' %}where paid_date > '2020-01-01'{% endif %}
                group by order_id
            )
            select * from aggregated

            """
    }

    /// A simple model: about 3 KB of SQL with `config` and two `ref` calls.
    static func simpleModel(_ index: Int) -> String {
        let columns = (0..<60).map { "    o.col_\($0) as metric_\($0)_\(index)," }.joined(separator: "\n")
        return """
            {{ config(materialized='view') }}
            select
            \(columns)
                p.amount
            from {{ ref('stg_orders') }} as o
            join {{ ref('stg_payments') }} as p on p.order_id = o.order_id

            """
    }

    /// The host side as Core would set it up: functions, objects and the macro library, then frozen.
    static func environment() throws -> Environment {
        var environment = Environment()
        environment.addGlobal("config", .function("config") { _, _ in .string("") })
        environment.addGlobal("target", ["name": "dev", "schema": "main", "type": "sqlite"])
        try environment.macros.add(try environment.parse(SourceFile(path: "macros/m.sql", text: macros)))
        return environment
    }

    /// Runs `body` once, or five times when benchmarking, and returns the best wall-clock and thread CPU seconds.
    static func measure(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        func cpuSeconds() -> Double {
            #if canImport(Glibc)
                var time = timespec()
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
                return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
            #else
                return 0
            #endif
        }
        let clock = ContinuousClock()
        var best = (wall: Double.infinity, cpu: Double.infinity)
        for _ in 0..<(isBenchmark ? 5 : 1) {
            let cpuStart = cpuSeconds()
            let wall = try clock.measure(body)
            let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            best = (min(best.wall, seconds), min(best.cpu, cpuSeconds() - cpuStart))
        }
        return best
    }

    static func report(_ label: String, _ time: (wall: Double, cpu: Double), count: Int) -> String {
        let perItem = time.cpu / Double(count) * 1e6
        return
            "  \(label): wall \(Int(time.wall * 1000)) ms, CPU \(Int(time.cpu * 1000)) ms (\((perItem * 10).rounded() / 10) µs each)"
    }

    @Test func simpleModelsParseAndRender() throws {
        let count = Self.isBenchmark ? 10_000 : 100
        let environment = try Self.environment()
        let files = (0..<count).map { SourceFile(path: "models/s\($0).sql", text: Self.simpleModel($0)) }
        let ref = Value.function("ref") { arguments, _ in .string("\"main\".\"\(arguments[0]?.renderedString ?? "")\"")
        }
        var outputs: [RenderOutput] = []
        let time = try Self.measure {
            outputs = []
            outputs.reserveCapacity(count)
            for file in files {
                outputs.append(try environment.render(try environment.parse(file), globals: ["ref": ref]))
            }
        }
        #expect(outputs.allSatisfy { $0.text.hasSuffix("p.order_id = o.order_id") })
        if Self.isBenchmark {
            let bytes = files.reduce(0) { $0 + $1.text.utf8.count }
            print(
                "benchmark (best of 5): \(count) simple models, \(bytes / 1024) KiB\n\(Self.report("parse+render ", time, count: count))"
            )
        }
    }

    @Test func modelsRenderWithRefsRecorded() throws {
        let count = Self.isBenchmark ? 10_000 : 100
        let environment = try Self.environment()
        let files = (0..<count).map { SourceFile(path: "models/m\($0).sql", text: Self.model($0)) }
        let bytes = files.reduce(0) { $0 + $1.text.utf8.count }
        var templates: [Template] = []
        let parseTime = try Self.measure {
            templates = []
            templates.reserveCapacity(count)
            for file in files { templates.append(try environment.parse(file)) }
        }

        var outputs: [RenderOutput] = []
        let refCount = Mutex(0)
        let renderTime = try Self.measure {
            outputs = []
            outputs.reserveCapacity(count)
            refCount.withLock { $0 = 0 }
            for template in templates {
                let ref = Value.function("ref") { arguments, _ in
                    refCount.withLock { $0 += 1 }
                    return .string("\"main\".\"\(arguments[0]?.renderedString ?? "")\"")
                }
                outputs.append(try environment.render(template, globals: ["ref": ref]))
            }
        }
        let outputBytes = outputs.reduce(0) { $0 + $1.text.utf8.count }
        #expect(outputs.allSatisfy { $0.text.contains("(amount_cents / 100.0) as amount") })

        var schemas: [Value] = []
        let schemaTime = try Self.measure {
            schemas = []
            for _ in 0..<count {
                schemas.append(try environment.callMacro("generate_schema_name", arguments: Arguments([.none, .none])))
            }
        }
        #expect(schemas.allSatisfy { $0.stringValue == "main" })

        var staticCount = 0
        let staticTime = Self.measure {
            staticCount = 0
            for template in templates { staticCount += template.staticCalls(named: ["ref", "config"]).count }
        }
        #expect(staticCount == 3 * count)

        #expect(refCount.withLock { $0 } == 2 * count)
        #expect(templates.allSatisfy { $0.macros.isEmpty })
        if Self.isBenchmark {
            print(
                """
                benchmark (best of 5): \(count) models, \(bytes / 1024) KiB in, \(outputBytes / 1024) KiB out
                \(Self.report("parse        ", parseTime, count: count))
                \(Self.report("render       ", renderTime, count: count))
                \(Self.report("staticCalls  ", staticTime, count: count))
                \(Self.report("callMacro    ", schemaTime, count: count))
                """)
        }
    }
}
