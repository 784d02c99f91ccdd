import Dispatch
import Foundation
import StrataDiagnostics
import Synchronization

extension Runner {
    /// The SQL of a model that reads the warehouse while rendering, or is built incrementally and asks
    /// `is_incremental()`, rendered again now with `execute` true; nil for every other model (its compiled SQL is
    /// final).
    func runTimeSQL(for node: CompiledNode, incremental: Bool = false) async throws -> String? {
        guard let runtime = compiled.runtime, runtime.needsRender(node.id, incremental: incremental) else { return nil }
        let adapter = self.adapter
        // Template functions are synchronous, so `run_query` blocks its thread while the adapter works; the render
        // therefore runs on a thread of its own, never on the cooperative pool the adapter's tasks need.
        let rendered = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            let thread = Thread {
                do {
                    let output = try runtime.render(node.id, incremental: incremental) { sql in try Self.blockingQuery(adapter, sql) }
                    continuation.resume(returning: output.sql)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
        let ephemerals = EphemeralInliner.ephemeralAncestors(of: node.id, graph: compiled.graph) { compiled.nodes[$0]?.materialization == "ephemeral" }
        let definitions = ephemerals.compactMap { id -> String? in
            guard let ephemeral = compiled.nodes[id], let body = ephemeral.compiledCode, let name = ephemeral.cteName else { return nil }
            return "\(name) as (\n\(body)\n)"
        }
        return definitions.isEmpty ? rendered : EphemeralInliner.inject(definitions, into: rendered).0
    }

    /// Runs a query from a non-async thread and waits for its rows.
    static func blockingQuery(_ adapter: any DatabaseAdapter, _ sql: String) throws -> QueryResult {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<QueryResult, any Error>?>(nil)
        Task {
            do {
                let rows = try await adapter.query(sql, limit: nil)
                outcome.withLock { $0 = .success(rows) }
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// Runs a node's rendered pre- or post-hooks.
    func runHooks(_ statements: [String], node: CompiledNode) async throws {
        for statement in statements where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            _ = try await adapter.execute(statement)
        }
    }

    /// Runs `on-run-start` or `on-run-end`; a failure is reported and returned as a failed run.
    func runProjectHooks(_ statements: [String], kind: String, started: Date) async -> RunSummary? {
        for statement in statements where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do {
                _ = try await adapter.execute(statement)
            } catch {
                var diagnostic = DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil)
                diagnostic.message = "\(kind) hook failed: \(diagnostic.message)"
                diagnostic.notes.append("hook SQL: \(statement)")
                reporter.report(.diagnostic(diagnostic))
                let result = NodeResult(
                    nodeID: "operation.\(compiled.project.name).\(kind)", name: kind, resourceType: .operation, status: .error,
                    message: diagnostic.message, startedAt: started, completedAt: Date(), diagnostic: diagnostic)
                let summary = RunSummary(results: [result], elapsed: Date().timeIntervalSince(started))
                if kind == "on-run-start" { reporter.report(.finished(summary)) }
                return summary
            }
        }
        return nil
    }
}
