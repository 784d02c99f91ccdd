import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// What a run builds, decided once the warehouse (and its state) can be read.
struct RunRequest {
    /// The project to run (moved into an environment's schemas when there is one).
    var compiled: CompiledProject
    /// Unique ids to run.
    var ids: Set<String>
    /// `""` for production.
    var environment: String
    /// Recorded objects no longer in the project, to drop after the run (`sync --prune`).
    var orphans: [NodeState] = []
}

extension Workspace {
    /// Refuses an environment name that cannot be part of schema names, before anything connects (exit 2).
    func checkEnvironmentName(_ environment: String?) throws {
        guard let environment, !EnvironmentOverlay.isValidName(environment) else { return }
        reporter.report(
            .diagnostic(
                Diagnostic(
                    code: "P1062", message: "--env '\(environment)' cannot be part of schema names (<schema>__\(environment))",
                    help: "use lowercase letters, digits and _ (at most 30), e.g. --env pr42")))
        throw ExitCode(2)
    }

    /// Compares the selected nodes with the warehouse: the environment's state, or production's when planning
    /// an environment (which holds only what differs from production).
    func plan(scope: Set<String>, adapter: any DatabaseAdapter, store: StateStore, environment: String) async throws -> SyncPlan {
        let state = try await store.nodes(environment: environment)
        let planner = SyncPlanner(compiled: compiled)
        let existing = try await adapter.listRelations(inSchemas: planner.schemas(state: state))
        return planner.plan(scope: scope, state: state, existing: existing)
    }

    /// Adds the columns each changed node gains and loses, where they can be known: the object exists and none
    /// of its parents is rebuilt first (their new columns are not in the warehouse yet).
    func describeColumnChanges(_ plan: SyncPlan, adapter: any DatabaseAdapter) async -> SyncPlan {
        var plan = plan
        let rebuilt = plan.nodesToRebuild()
        for index in plan.entries.indices where plan.entries[index].change == .changed {
            let entry = plan.entries[index]
            guard let sql = compiled.nodes[entry.nodeID]?.compiledCode, entry.materialization != "seed",
                compiled.graph.parents(of: entry.nodeID).allSatisfy({ !rebuilt.contains($0) }),
                let previous = entry.previous,
                let old = try? await adapter.columns(of: previous.relation), !old.isEmpty,
                let new = try? await adapter.query("SELECT * FROM (\n\(sql)\n) strata_plan LIMIT 0", limit: 0).columns
            else { continue }
            let (oldNames, newNames) = (old.map { $0.name.lowercased() }, new.map { $0.name.lowercased() })
            plan.entries[index].columnsAdded = new.map(\.name).filter { !oldNames.contains($0.lowercased()) }
            plan.entries[index].columnsRemoved = old.map(\.name).filter { !newNames.contains($0.lowercased()) }
        }
        return plan
    }

    /// The run of an environment: the selected nodes that differ from production, moved into the environment's
    /// schemas, reading production for the rest.
    func environmentRequest(
        _ ids: Set<String>, environment: String, adapter: any DatabaseAdapter, store: StateStore
    ) async throws -> RunRequest {
        let production = try await plan(scope: ids, adapter: adapter, store: store, environment: "")
        let differing = production.nodesToRebuild()
        let built = ids.intersection(differing.union(compiled.tests(reading: differing)))
        let overlaid = EnvironmentOverlay.apply(compiled, environment: environment, building: built)
        reporter.report(.info("environment \(environment): \(differing.intersection(ids).count) of \(production.entries.count) nodes differ from production; the rest are read from production"))
        return RunRequest(compiled: overlaid, ids: built, environment: environment)
    }

    /// Drops recorded objects that are no longer in the project (children before parents), forgetting each in the
    /// transaction that drops it.
    func prune(
        _ orphans: [NodeState], environment: String, adapter: any DatabaseAdapter, store: StateStore, because reason: String = "no longer in the project"
    ) async -> [NodeResult] {
        var results: [NodeResult] = []
        for orphan in Self.childrenFirst(orphans) {
            let started = Date()
            do {
                // A materialized view's live twin belongs to its node: it goes first (nothing Strata builds reads it).
                let twin = orphan.relation.realTimeTwin
                if orphan.materialization == "materialized_view", try await adapter.relationKind(twin) == .view {
                    try await adapter.drop(twin, stateStatements: [])
                }
                try await adapter.drop(orphan.relation, stateStatements: [store.forgetStatement(environment: environment, nodeID: orphan.nodeID)])
                let result = NodeResult(
                    nodeID: orphan.nodeID, name: orphan.relation.description, resourceType: .operation, status: .success,
                    message: "dropped \(orphan.materialization) \(orphan.relation) (\(reason))", startedAt: started, completedAt: Date(),
                    relation: orphan.relation)
                reporter.report(.info(result.message))
                results.append(result)
            } catch {
                let diagnostic = DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "prune of \(orphan.relation)")
                reporter.report(.diagnostic(diagnostic))
                results.append(
                    NodeResult(
                        nodeID: orphan.nodeID, name: orphan.relation.description, resourceType: .operation, status: .error,
                        message: diagnostic.message, startedAt: started, completedAt: Date(), relation: orphan.relation, diagnostic: diagnostic))
            }
        }
        return results
    }

    /// Recorded objects ordered so that each comes before the objects it was built from.
    static func childrenFirst(_ states: [NodeState]) -> [NodeState] {
        let byID = Dictionary(states.map { ($0.nodeID, $0) }, uniquingKeysWith: { first, _ in first })
        var visited: Set<String> = []
        var parentsFirst: [NodeState] = []
        func visit(_ state: NodeState) {
            guard visited.insert(state.nodeID).inserted else { return }
            for parent in state.parentChecksums.keys.sorted() { if let next = byID[parent] { visit(next) } }
            parentsFirst.append(state)
        }
        for state in states.sorted(by: { $0.nodeID < $1.nodeID }) { visit(state) }
        return parentsFirst.reversed()
    }
}
