import Foundation
import StrataDiagnostics

/// Builds `run_results.json` following dbt's v6 schema.
struct RunResultsBuilder {
    let invocationID: String
    let generatedAt: Date

    func build(_ summary: RunSummary, arguments: [String: Any]) -> [String: Any] {
        [
            "metadata": [
                "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
                "dbt_version": StrataVersion.dbtCompatible,
                "generated_at": ArtifactDate.string(generatedAt),
                "invocation_id": invocationID,
                "env": [String: String](),
            ] as [String: Any],
            "results": summary.results.filter { $0.resourceType != .operation }.map(result),
            "elapsed_time": summary.elapsed,
            "args": arguments,
        ]
    }

    private func result(_ result: NodeResult) -> [String: Any] {
        var entry: [String: Any] = [
            "unique_id": result.nodeID,
            "status": result.status.rawValue,
            "thread_id": result.threadID,
            "execution_time": result.executionTime,
            "message": result.message,
            "failures": result.failures.map { $0 as Any } ?? NSNull(),
            "timing": result.status == .skipped ? [] : [
                ["name": "compile", "started_at": ArtifactDate.string(result.startedAt), "completed_at": ArtifactDate.string(result.startedAt)],
                ["name": "execute", "started_at": ArtifactDate.string(result.startedAt), "completed_at": ArtifactDate.string(result.completedAt)],
            ],
            "adapter_response": result.adapterResponse.map { response -> [String: Any] in
                ["_message": response.message, "code": response.message.split(separator: " ").first.map(String.init) ?? "", "rows_affected": response.rowsAffected]
            } ?? [String: Any](),
            "compiled": result.compiledCode != nil,
            "compiled_code": result.compiledCode.map { $0 as Any } ?? NSNull(),
            "relation_name": result.relation.map { $0.quoted as Any } ?? NSNull(),
        ]
        if let diagnostic = result.diagnostic { entry["message"] = diagnostic.message }
        return entry
    }
}

/// Version strings written into artifacts.
public enum StrataVersion {
    /// Strata's own version.
    public static let current = "0.1.0"
    /// The dbt version whose artifact schemas Strata writes.
    public static let dbtCompatible = "1.8.0"
}
