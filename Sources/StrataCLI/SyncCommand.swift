import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// `strata sync`: applies the plan. Rebuilds exactly the new, changed, missing and stale nodes and what must
/// follow them downstream, runs the data tests of what it rebuilt, and optionally drops orphans.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Rebuild only what changed or went missing (and what follows downstream), then test it.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var environment: EnvironmentOptions

    @Flag(name: .customLong("missing-only"), help: "Only restore objects recorded as built that are gone from the warehouse.")
    var missingOnly = false

    @Flag(name: .customLong("prune"), help: "Drop objects recorded as built whose models are no longer in the project.")
    var prune = false

    @Flag(name: .customLong("full"), help: "Rebuild every selected node, changed or not.")
    var full = false

    func run() async throws {
        let workspace = try Workspace.load(project)
        try workspace.enforceLint()
        let scope = try workspace.select(selection, resourceTypes: [.model, .seed, .test, .source])
        let (missingOnly, prune, full) = (self.missingOnly, self.prune, self.full)
        try await workspace.run(scope, command: "sync", execution: execution, environment: environment.env) { request, adapter in
            // An environment already holds only what differs from production: it is rebuilt whole.
            guard request.environment.isEmpty else { return request }
            var request = request
            let store = StateStore(adapter: adapter)
            let plan = try await workspace.plan(scope: scope, adapter: adapter, store: store, environment: "")
            let built = full ? Set(plan.entries.map(\.nodeID)) : plan.nodesToRebuild(missingOnly: missingOnly)
            // A restored object has the definition its tests already passed against.
            request.ids = scope.intersection(missingOnly ? built : built.union(workspace.compiled.tests(reading: built)))
            if prune { request.orphans = plan.orphans }
            workspace.reporter.report(.info(Self.summary(plan, rebuilding: built.count, pruning: request.orphans.count)))
            return request
        }
    }

    static func summary(_ plan: SyncPlan, rebuilding: Int, pruning: Int) -> String {
        if rebuilding == 0 && pruning == 0 {
            let orphans = plan.orphans.isEmpty ? "" : " (\(plan.orphans.count) orphaned; --prune drops them)"
            return "Nothing to do: \(plan.entries.count) nodes in sync\(orphans)"
        }
        var parts = SyncPlan.Change.allCases.filter { $0 != .unchanged }.compactMap { change -> String? in
            let count = plan.entries(change).count
            return count == 0 ? nil : "\(count) \(change.rawValue)"
        }
        if pruning > 0 { parts.append("\(pruning) to drop") }
        return "Syncing \(rebuilding) of \(plan.entries.count) nodes (\(parts.joined(separator: ", "))); \(plan.entries.count - rebuilding) left as they are"
    }
}

/// `strata env ...`: isolated environments (`--env NAME`).
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "List or drop isolated environments built with --env.",
        subcommands: [EnvListCommand.self, EnvDropCommand.self])
}

struct EnvListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List environments recorded in the warehouse.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let workspace = try Workspace.load(project)
        let adapter = try await workspace.openAdapter()
        do {
            let environments = try await StateStore(adapter: adapter).environments()
            await adapter.close()
            var lines: [String] = []
            for environment in environments where !environment.name.isEmpty {
                let built = environment.lastBuilt.map { StateStore.timestamp($0) } ?? "never"
                lines.append("\(environment.name)\t\(environment.objects) objects\tlast built \(built)")
            }
            FileHandle.standardOutput.write(Data((lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n").utf8))
            if lines.isEmpty { workspace.reporter.report(.info("no environments")) }
        } catch {
            await adapter.close()
            workspace.reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "state")))
            throw ExitCode(2)
        }
    }
}

struct EnvDropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drop", abstract: "Drop every object of an environment and forget it.")

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The environment's name.")
    var name: String

    /// Drops what history Strata kept for a relation (`history: true`, snapshots): the `__history` table or view
    /// and, on PostgreSQL, the `__at` function.
    static func dropHistory(of relation: Relation, adapter: any DatabaseAdapter) async {
        let historical = HistoricalRelation(relation: relation, history: Relation(schema: relation.schema, identifier: relation.identifier + "__history"))
        if (try? await adapter.relationKind(historical.history)) != nil { try? await adapter.drop(historical.history, stateStatements: []) }
        if adapter.traits.name == "postgres" { _ = try? await adapter.execute("DROP FUNCTION IF EXISTS \(adapter.quotedName(historical.accessor))(timestamptz)") }
    }

    func run() async throws {
        let workspace = try Workspace.load(project)
        let adapter = try await workspace.openAdapter()
        let lock = try await workspace.acquireRunLock(adapter, noWait: false)
        let store = StateStore(adapter: adapter)
        var failed = false
        do {
            let objects = try await store.nodes(environment: name)
            if objects.isEmpty {
                workspace.reporter.report(.info("environment \(name) holds nothing"))
            }
            let results = await workspace.prune(
                Array(objects.values), environment: name, adapter: adapter, store: store, because: "environment \(name) dropped")
            failed = results.contains { $0.status == .error }
            if !failed {
                // An environment is disposable, its history too (production's history is never dropped by Strata).
                for object in objects.values { await Self.dropHistory(of: object.relation, adapter: adapter) }
            }
            if !failed, workspace.target.info.type != "sqlite" {
                for schema in Set(objects.values.map(\.relation.schema)).sorted() {
                    // Left in place when something else was created in it.
                    _ = try? await adapter.execute("DROP SCHEMA IF EXISTS \(Relation.quote(schema))")
                }
            }
        } catch {
            workspace.reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "state")))
            failed = true
        }
        await lock.release()
        await adapter.close()
        if failed { throw ExitCode(1) }
    }
}
