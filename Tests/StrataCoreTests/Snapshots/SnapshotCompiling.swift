import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// A project held in memory under `/p`, compiled for SQLite with target schema `main`; problems are kept, not
/// expected away, so validation tests can read them.
struct SnapshotCompilation {
    let compiled: CompiledProject?
    let diagnostics: [Diagnostic]

    init(_ files: [String: String]) {
        let collector = DiagnosticCollector()
        let loaded = ProjectLoader(fileSystem: InMemoryFileSystem(files), diagnostics: collector).load(directory: "/p")
        let target = TargetInfo(name: "dev", type: "sqlite", schema: "main", database: "main", threads: 1)
        let traits = EngineTraits(name: "sqlite", seedTypes: [:])
        compiled = loaded.flatMap {
            Compiler(project: $0, target: target, traits: traits, diagnostics: collector).compile()
        }
        diagnostics = collector.diagnostics
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    func node(_ id: String) throws -> CompiledNode {
        try #require(compiled?.nodes[id], "no node \(id); diagnostics: \(diagnostics)")
    }

    /// `code at line:column` of each error, the form the tests compare.
    var errorLocations: [String] {
        errors.map { "\($0.code) at \($0.primary.map { "\($0.file.path):\($0.location)" } ?? "-")" }
    }
}

/// A dbt project with one seed and one model the snapshots read.
let dbtSnapshotBase: [String: String] = [
    "/p/dbt_project.yml": "name: shop\nprofile: shop\n",
    "/p/seeds/raw_orders.csv": "id,status,updated_at\n1,new,2024-01-01\n",
    "/p/models/stg_orders.sql": "select * from {{ ref('raw_orders') }}\n",
    "/p/models/sources.yml": "sources:\n  - name: app\n    tables:\n      - name: customers\n",
]

func files(_ base: [String: String], _ extra: [String: String]) -> [String: String] {
    base.merging(extra) { $1 }
}
