import Foundation
import StrataCore
import StrataDiagnostics
import Testing

/// The pure half of `strata replicate`: reading `replication.yml`, choosing columns, comparing them with the
/// recorded destination, choosing full copy or incremental pass, and the SQL sent to the source.
struct ReplicationPlannerTests {
    static let yaml = """
        source:
          host: replica.internal
          dbname: app
          user: reporting
          password: "{{ env_var('STRATA_TEST_REPLICA_PASSWORD', 's3cret') }}"
        tables:
          - source: public.orders
            cursor: updated_at
            exclude: [email]
            full_resync_every: 7d
          - customers

        """

    static func parse(_ text: String) -> (ReplicationConfig?, [Diagnostic]) {
        let diagnostics = DiagnosticCollector()
        let config = ReplicationConfig.parse(
            SourceFile(path: "replication.yml", text: text), diagnostics: diagnostics, environment: [:])
        return (config, diagnostics.diagnostics)
    }

    static let columns = [
        SourceColumn(name: "id", dataType: "bigint"), SourceColumn(name: "email", dataType: "text"),
        SourceColumn(name: "amount", dataType: "numeric(12,2)"),
        SourceColumn(name: "updated_at", dataType: "timestamp without time zone"),
    ]

    @Test func readsConnectionTablesAndDefaults() throws {
        let (config, diagnostics) = Self.parse(Self.yaml)
        #expect(diagnostics.isEmpty)
        let parsed = try #require(config)
        #expect(parsed.source.description == "postgresql://reporting@replica.internal:5432/app")
        #expect(parsed.source.password == "s3cret")
        #expect(parsed.targetSchema == "raw")
        #expect(parsed.tables.map(\.targetName) == ["orders", "customers"])
        #expect(parsed.tables[0].exclude.map(\.name) == ["email"])
        #expect(parsed.tables[0].fullResyncEvery == .interval(7 * 86400))
        #expect(parsed.tables[1].source == Relation(schema: "public", identifier: "customers"))
    }

    @Test func fullResyncForms() {
        #expect(FullResync.parse("10") == .runs(10))
        #expect(FullResync.parse("10 runs") == .runs(10))
        #expect(FullResync.parse("12h") == .interval(43200))
        #expect(FullResync.parse("30m") == .interval(1800))
        #expect(FullResync.parse("soon") == nil)
    }

    @Test func configProblemsAreLocated() {
        let (config, diagnostics) = Self.parse(
            "source:\n  url: mysql://x\ntables:\n  - source: a.b\n    exlude: [email]\n  - source: c.b\n")
        #expect(config == nil)
        #expect(
            diagnostics.map(\.headline) == [
                "replication.yml:2:8: error: 'url' must look like postgresql://user@host:port/dbname [R8001]",
                "replication.yml:5:5: error: unknown key 'exlude' in a table entry [R8002]",
                "replication.yml:6:13: error: two tables land in raw.b (the other is at line 4) [R8006]",
            ])
    }

    @Test func unknownColumnsSuggestTheNearestName() throws {
        let (config, _) = Self.parse(
            "source: {url: 'postgresql://u@h/d'}\ntables:\n  - source: s.t\n    cursor: updated_ta\n")
        let table = try #require(config?.tables.first)
        let diagnostics = DiagnosticCollector()
        let selection = ReplicationPlanner.select(
            table, in: SourceTable(columns: Self.columns, primaryKey: ["id"]), file: config!.file,
            diagnostics: diagnostics)
        #expect(selection == nil)
        #expect(
            diagnostics.diagnostics.map(\.headline) == [
                "replication.yml:4:13: error: cursor column 'updated_ta' does not exist in s.t [R8004]"
            ])
        #expect(diagnostics.diagnostics.first?.help == "did you mean 'updated_at'?")
    }

    @Test func schemaChangesAgainstTheRecordedColumns() throws {
        let table = try #require(Self.parse(Self.yaml).0?.tables.first)
        let recorded = [
            ReplicatedColumn(name: "id", sourceType: "integer"),
            ReplicatedColumn(name: "amount", sourceType: "numeric(12,2)"),
            ReplicatedColumn(name: "note", sourceType: "text"),
            ReplicatedColumn(name: "updated_at", sourceType: "timestamp without time zone"),
            ReplicatedColumn(name: "email", sourceType: "text"),
        ]
        let state = ReplicationProgress(
            target: Relation(schema: "raw", identifier: "orders"), source: table.source, phase: .incremental,
            status: "ok", rowsCopied: 10,
            lastCursor: "2026-01-01", lastKey: ["5"], fullStartCursor: nil, columns: recorded, columnsHash: "",
            schemaVersion: 1, runsSinceFull: 3,
            lastFullAt: Date(), updatedAt: Date())
        let source =
            [SourceColumn(name: "id", dataType: "bigint")] + Self.columns.dropFirst() + [
                SourceColumn(name: "region", dataType: "text")
            ]
        let selected = source.filter { $0.name != "email" }
        let plan = ReplicationPlanner.plan(
            table, targetSchema: "raw", selected: selected, primaryKey: ["id"], cursor: "updated_at",
            sourceColumns: source, state: state,
            destinationExists: true, fullRefresh: false, now: Date())
        #expect(plan.fullCopy == nil)
        let expected: [ReplicationSchemaChange] = [
            .widened(name: "id", from: "integer", to: "bigint"), .added(SourceColumn(name: "region", dataType: "text")),
            .droppedInSource("note"), .excluded("email"),
        ]
        #expect(plan.changes == expected)
        #expect(plan.columns.map(\.name) == ["id", "amount", "updated_at", "region", "note"])
        #expect(plan.columns.last?.dropped == true)
    }

    @Test func incrementalReadResumesAfterCursorAndKey() throws {
        let table = try #require(Self.parse(Self.yaml).0?.tables.first)
        let selected = [Self.columns[0], Self.columns[3]]
        let plan = ReplicationPlanner.plan(
            table, targetSchema: "raw", selected: selected, primaryKey: ["id"], cursor: "updated_at",
            sourceColumns: Self.columns, state: nil,
            destinationExists: false, fullRefresh: false, now: Date())
        #expect(plan.fullCopy == .firstRun)
        let read = ReplicationSQL.incrementalRead(
            plan, afterCursor: "2026-01-01 00:00:00", afterKey: ["42"], engine: "postgres")
        #expect(
            read.sql == #"""
                SELECT coalesce(("id")::text, E'\\N') || E'\t' || coalesce(("updated_at")::text, E'\\N'), "updated_at"::text AS strata_cursor, "id"::text AS strata_key_0 FROM "public"."orders" WHERE ("updated_at", "id") > ('2026-01-01 00:00:00', '42') ORDER BY "updated_at", "id"
                """#)
        let full = ReplicationSQL.fullRead(plan, afterKey: nil, engine: "sqlite")
        #expect(full.highWaterSQL == #"SELECT max("updated_at")::text FROM "public"."orders""#)
        #expect(
            ReplicationSQL.upsertClause(columns: ["id", "amount"], key: ["id"])
                == #"ON CONFLICT ("id") DO UPDATE SET "amount" = excluded."amount""#)
    }
}
