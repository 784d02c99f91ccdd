import StrataCore
import StrataDiagnostics
import Testing

/// Which DAG each node lands in, its task, edges and sensors, on a graph built by hand.
///
///     seed raw.orders → core.orders → core.staged (ephemeral) → marts.revenue → marts.daily
///     source raw.events ─────────────────────────────────────────↗
@Suite struct AirflowDAGPlanTests {
    static func node(_ type: ResourceType, _ name: String, path: String, materialized: String? = nil) -> GraphNode {
        GraphNode(
            id: "\(type.rawValue).shop.\(name)", name: name, resourceType: type, path: path, materialized: materialized)
    }

    static let graph = Graph(
        nodes: [
            node(.seed, "raw.orders", path: "seeds/raw/orders.csv"),
            node(.source, "raw.events", path: "models/sources.yml"),
            node(.model, "core.orders", path: "models/core/orders.sql", materialized: "table"),
            node(.model, "core.staged", path: "models/core/staged.sql", materialized: "ephemeral"),
            node(.model, "marts.revenue", path: "models/marts/revenue.sql"),
            node(.model, "marts.daily", path: "models/marts/daily.sql"),
            GraphNode(
                id: "test.shop.not_null_daily", name: "not_null_daily", resourceType: .test,
                attachedNodeID: "model.shop.marts.daily"),
        ],
        edges: [
            (parent: "seed.shop.raw.orders", child: "model.shop.core.orders"),
            (parent: "model.shop.core.orders", child: "model.shop.core.staged"),
            (parent: "model.shop.core.staged", child: "model.shop.marts.revenue"),
            (parent: "source.shop.raw.events", child: "model.shop.marts.revenue"),
            (parent: "model.shop.marts.revenue", child: "model.shop.marts.daily"),
            (parent: "model.shop.marts.daily", child: "test.shop.not_null_daily"),
        ])

    static func schedule(_ name: String, _ cron: String, select: [String]) throws -> ScheduleDefinition {
        ScheduleDefinition(name: name, cron: try CronExpression(cron), select: select)
    }

    @Test func oneDAGPerTopLevelFolderWithSensorsAcrossThem() throws {
        let dags = try AirflowExport(graph: Self.graph, projectName: "shop").dags(grouping: .folder)
        #expect(dags.map(\.id) == ["shop_core", "shop_marts", "shop_raw"])
        #expect(
            dags.map { $0.tasks.map(\.id) } == [["core__orders"], ["marts__daily", "marts__revenue"], ["raw__orders"]])
        #expect(
            dags.map { $0.upstreamTaskIDs } == [
                ["core__orders": ["wait__shop_raw__raw__orders"], "wait__shop_raw__raw__orders": []],
                // Through the ephemeral model, which builds nothing, to the table it reads.
                [
                    "marts__revenue": ["wait__shop_core__core__orders"], "marts__daily": ["marts__revenue"],
                    "wait__shop_core__core__orders": [],
                ],
                ["raw__orders": []],
            ])
        #expect(dags[1].sensors == [AirflowSensor(externalDAG: "shop_core", externalTask: "core__orders")])
        #expect(dags[1].tasks.map(\.selector) == ["marts.daily", "marts.revenue"])
        #expect(dags.allSatisfy { $0.schedule == "@daily" && $0.timeZone == "UTC" })
    }

    @Test func oneDAGPerScheduleOnItsCronWaitingForTheDAGThatOwnsTheUpstreamTask() throws {
        let schedules = [
            try Self.schedule("hourly", "@hourly", select: ["raw.orders", "core.orders"]),
            try Self.schedule("nightly", "0 3 * * *", select: ["marts.revenue+"]),
            // core.orders again: it stays owned by the first schedule that selects it.
            try Self.schedule("reload", "@hourly", select: ["core.orders"]),
        ]
        let dags = try AirflowExport(graph: Self.graph, projectName: "shop").dags(
            grouping: .schedule, schedules: schedules)
        #expect(dags.map(\.id) == ["shop_hourly", "shop_nightly", "shop_reload"])
        #expect(dags[0].upstreamTaskIDs == ["raw__orders": [], "core__orders": ["raw__orders"]])
        #expect(dags[1].schedule == "0 3 * * *")
        #expect(
            dags[1].upstreamTaskIDs == [
                "marts__revenue": ["wait__shop_hourly__core__orders"], "marts__daily": ["marts__revenue"],
                "wait__shop_hourly__core__orders": [],
            ])
        #expect(
            dags[1].sensors == [
                AirflowSensor(externalDAG: "shop_hourly", externalTask: "core__orders", externalSchedule: "@hourly")
            ])
        // Same schedule: the sensor looks for the run with the same logical date.
        #expect(dags[2].sensors == [AirflowSensor(externalDAG: "shop_hourly", externalTask: "raw__orders")])
    }

    @Test func aScheduleWhoseSelectorDoesNotParseIsLocated() throws {
        let file = SourceFile(
            path: "strata.yml", text: "schedules:\n  - name: bad\n    cron: '@daily'\n    select: ['nosuchmethod:x']\n")
        var schedule = try Self.schedule("bad", "@daily", select: ["nosuchmethod:x"])
        schedule.span = SourceSpan(start: 15, end: file.text.utf8.count)
        #expect(throws: Diagnostic.self) {
            try AirflowExport(graph: Self.graph, projectName: "shop").dags(
                grouping: .schedule, schedules: [schedule], file: file)
        }
        do {
            _ = try AirflowExport(graph: Self.graph, projectName: "shop").dags(
                grouping: .schedule, schedules: [schedule], file: file)
        } catch {
            #expect(error.code == AirflowExport.badSchedule)
            #expect(error.headline.hasPrefix("strata.yml:2:5: error: schedule 'bad': "), "\(error.headline)")
        }
        #expect(throws: Diagnostic.self) {
            try AirflowExport(graph: Self.graph, projectName: "shop").dags(grouping: .schedule)
        }
    }

    @Test func taskIDsAreStableAndUniqueWhenNamesCollide() {
        let nodes = [
            Self.node(.model, "core.x-y", path: "models/core/a.sql"),
            Self.node(.model, "core.x_y", path: "models/core/b.sql"),
            Self.node(.model, "core.z", path: "models/core/c.sql"),
        ]
        let graph = Graph(nodes: nodes, edges: [])
        let ids = try? AirflowExport(graph: graph, projectName: "shop").dags(grouping: .folder).flatMap {
            $0.tasks.map(\.id)
        }
        #expect(ids == ["core__x_y_1", "core__x_y_2", "core__z"])
    }
}
