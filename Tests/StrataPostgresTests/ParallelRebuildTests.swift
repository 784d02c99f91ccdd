import Foundation
import StrataCore
import StrataDiagnostics
@testable import StrataPostgres
import StrataTestSupport
import Synchronization
import Testing

/// Parallel rebuilds must never deadlock: re-running an already-built project of hundreds of interdependent tables
/// and views with 4 threads is exactly where dbt-postgres fails (`docs/dbt-behaviour.md`). Each re-run replaces
/// every relation while its dependents exist, so every table swap recreates dependent views under catalog locks.
@Suite struct ParallelRebuildTests {
    @Test func rerunningABuiltProjectWithFourThreadsNeverDeadlocks() async throws {
        guard let layered = try await LayeredProject.build(prefix: "rerun") else { return }
        for round in 1...5 {
            try await layered.rerun(round: round)
        }
        try await layered.expectTopRowsUnchanged()
        await layered.close()
    }

    /// Some re-runs change base models' columns, so their swaps capture and recreate dependent views (and a view
    /// whose columns change is swapped rather than replaced in place).
    @Test func rerunsThatChangeBaseColumnsNeverDeadlock() async throws {
        guard let layered = try await LayeredProject.build(prefix: "reshape") else { return }
        for round in 1...5 {
            try layered.reshapeBaseModels(round: round)
            try await layered.rerun(round: round)
            let columns = try await layered.adapter.columns(of: layered.reshapedTable).map(\.name)
            #expect(columns == (round % 2 == 1 ? ["id", "v", "extra"] : ["id", "v"]), "round \(round)")
        }
        try await layered.expectTopRowsUnchanged()
        await layered.close()
    }
}

/// A generated plain-layout project: seeds at the bottom, then layers of models that each join two or three
/// models of earlier layers (diamonds everywhere), tables and views mixed, spread over three schemas.
struct LayeredProject {
    static let layers = 6
    static let modelsPerLayer = 50
    static let seedCount = 4
    static let seedRows = 20

    let directory: TemporaryDirectory
    let schemas: [String]
    let harness: ProjectHarness
    let adapter: PostgresAdapter
    let topRows: String

    /// Generates the project, builds it once with 4 threads and checks that the build succeeded.
    static func build(prefix: String) async throws -> LayeredProject? {
        guard PostgresTestServer.isAvailable, let config = PostgresTestServer.config else { return nil }
        let directory = try TemporaryDirectory(prefix: "strata-layered")
        let schemas = ["bottom", "middle", "top"].map { PostgresTestServer.uniqueSchema("\(prefix)\($0)") }
        try generate(in: directory, schemas: schemas)
        let target = TargetInfo(name: "test", type: "postgres", schema: "public", database: config.database, threads: 4)
        let harness = try ProjectHarness(directory: directory.path, target: target, traits: PostgresAdapter.engineTraits)
        let adapter = try await PostgresAdapter.open(config, connections: 5, applicationName: "strata parallel rebuild test")
        var project = LayeredProject(directory: directory, schemas: schemas, harness: harness, adapter: adapter, topRows: "")
        try await project.runAll(label: "first build")
        project = LayeredProject(directory: directory, schemas: schemas, harness: harness, adapter: adapter, topRows: try await project.sumOfTopLayer())
        return project
    }

    /// The table whose columns `reshapeBaseModels` changes.
    var reshapedTable: Relation { Relation(schema: schemas[0], identifier: Self.name(layer: 0, index: 0)) }

    func rerun(round: Int) async throws {
        // The reshaped project must be compiled again; an unchanged one is simply run again.
        let current = try ProjectHarness(directory: directory.path, target: harness.compiled.target, traits: PostgresAdapter.engineTraits)
        try await Self.run(current, on: adapter, label: "re-run \(round)")
    }

    func runAll(label: String) async throws { try await Self.run(harness, on: adapter, label: label) }

    static func run(_ harness: ProjectHarness, on adapter: PostgresAdapter, label: String) async throws {
        let reporter = RecordingReporter()
        let summary = await harness.run(harness.ids([.model, .seed]), on: adapter, reporter: reporter, threads: 4)
        let failures = reporter.results.values.filter { $0.status != .success }.map { "\($0.name): \($0.status) \($0.diagnostic?.message ?? "")" }
        #expect(failures.isEmpty, "\(label): \(failures.prefix(5))")
        #expect(summary.count(.success) == layers * modelsPerLayer + seedCount, "\(label)")
        #expect(adapter.deadlockRetries.withLock { $0 } == 0, "\(label): the server aborted transactions as deadlocked")
    }

    /// Rounds 1, 3, 5 add a column to a base table and a base view; rounds 2 and 4 take it away again.
    func reshapeBaseModels(round: Int) throws {
        for index in [0, 1] {
            try directory.write(
                Self.path(layer: 0, index: index, schemas: schemas),
                Self.baseModel(index: index, schemas: schemas, extraColumn: round % 2 == 1))
        }
    }

    /// A checksum over the whole top layer: re-runs must not change a single value.
    func sumOfTopLayer() async throws -> String {
        let top = (0..<Self.modelsPerLayer).map { index in
            "select sum(v) as s from \(Relation(schema: Self.schema(layer: Self.layers - 1, index: index, schemas: schemas), identifier: Self.name(layer: Self.layers - 1, index: index)).quoted)"
        }
        let result = try await adapter.query("select sum(s)::text from (\(top.joined(separator: " union all "))) t", limit: nil)
        return result.rows.first?.first?.text ?? ""
    }

    func expectTopRowsUnchanged() async throws {
        #expect(try await sumOfTopLayer() == topRows)
        let scratch = try await adapter.query(
            "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = any(array['\(schemas.joined(separator: "','"))']) and position('__strata_' in c.relname) > 0",
            limit: nil)
        #expect(scratch.rows.first?.first == .integer(0))
    }

    func close() async {
        _ = try? await adapter.execute(schemas.map { "DROP SCHEMA IF EXISTS \(Relation.quote($0)) CASCADE" }.joined(separator: ";\n"))
        await adapter.close()
        directory.remove()
    }

    // MARK: - Generation

    static func generate(in directory: TemporaryDirectory, schemas: [String]) throws {
        try directory.write("strata.yml", "name: layered\n")
        for seed in 0..<seedCount {
            let rows = (1...seedRows).map { "\($0),\($0 * (seed + 2))" }
            try directory.write("seeds/\(schemas[0])/seed\(seed).csv", (["id,val"] + rows).joined(separator: "\n") + "\n")
        }
        for index in 0..<modelsPerLayer {
            try directory.write(path(layer: 0, index: index, schemas: schemas), baseModel(index: index, schemas: schemas, extraColumn: false))
        }
        var generator = SplitMix(seed: 42)
        // How many tables a query on each model reads once views are expanded; views are kept to a few so
        // that planning stays quick (a view over views over views multiplies the joins the planner sees).
        var expandedReads = [[Int]](repeating: [Int](repeating: 1, count: modelsPerLayer), count: layers)
        for index in 0..<modelsPerLayer where index % 2 == 1 { expandedReads[0][index] = 2 }
        for layer in 1..<layers {
            for index in 0..<modelsPerLayer {
                // One parent from the layer just below keeps the graph deep; the others come from any earlier
                // layer, so dependents of one model sit at several depths (diamonds).
                var parents = [(layer: layer - 1, index: Int(generator.next() % UInt64(modelsPerLayer)))]
                for _ in 0..<(1 + Int(generator.next() % 2)) {
                    parents.append((Int(generator.next() % UInt64(layer)), Int(generator.next() % UInt64(modelsPerLayer))))
                }
                let reads = parents.map { expandedReads[$0.layer][$0.index] }.reduce(0, +)
                let isView = generator.next() % 2 == 0 && reads <= 4
                if isView { expandedReads[layer][index] = reads }
                try directory.write(path(layer: layer, index: index, schemas: schemas), model(kind: isView ? "view" : "table", parents: parents, schemas: schemas))
            }
        }
    }

    /// Layer-0 models read the seeds; the even ones are tables, the odd ones views.
    static func baseModel(index: Int, schemas: [String], extraColumn: Bool) -> String {
        let seedA = "\(Relation.quote(schemas[0])).seed\(index % seedCount)"
        let seedB = "\(Relation.quote(schemas[0])).seed\((index + 1) % seedCount)"
        let extra = extraColumn ? ", 'added' as extra" : ""
        return """
            /*--- materialized: \(index % 2 == 0 ? "table" : "view") ---*/
            select a.id, a.val + b.val + \(index) as v\(extra)
            from \(seedA) a join \(seedB) b on b.id = a.id

            """
    }

    static func model(kind: String, parents: [(layer: Int, index: Int)], schemas: [String]) -> String {
        let relations = parents.map { parent in
            Relation(schema: schema(layer: parent.layer, index: parent.index, schemas: schemas), identifier: name(layer: parent.layer, index: parent.index)).quoted
        }
        var sql = "/*--- materialized: \(kind) ---*/\nselect p0.id, " + relations.indices.map { "p\($0).v" }.joined(separator: " + ") + " as v\n"
        sql += "from \(relations[0]) p0\n"
        for (offset, relation) in relations.enumerated().dropFirst() {
            sql += "join \(relation) p\(offset) on p\(offset).id = p0.id\n"
        }
        return sql
    }

    static func name(layer: Int, index: Int) -> String { "layer\(layer)_model\(index)" }

    /// Models spread over the three schemas, so swaps in one schema recreate views in another.
    static func schema(layer: Int, index: Int, schemas: [String]) -> String {
        layer == 0 ? schemas[0] : schemas[1 + (layer + index) % 2]
    }

    static func path(layer: Int, index: Int, schemas: [String]) -> String {
        "models/\(schema(layer: layer, index: index, schemas: schemas))/\(name(layer: layer, index: index)).sql"
    }
}
