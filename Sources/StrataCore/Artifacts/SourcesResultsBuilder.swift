import Foundation
import StrataDiagnostics

/// Builds `sources.json` (`strata source freshness`) following dbt's v3 schema.
struct SourcesResultsBuilder {
    let invocationID: String
    let generatedAt: Date

    func build(_ results: [FreshnessResult], elapsed: Double) -> JSON {
        .object([
            (
                "metadata",
                .object([
                    ("dbt_schema_version", "https://schemas.getdbt.com/dbt/sources/v3.json"),
                    ("dbt_version", .string(StrataVersion.dbtCompatible)),
                    ("generated_at", .string(ArtifactDate.string(generatedAt))),
                    ("invocation_id", .string(invocationID)),
                    ("env", .object([])),
                ])
            ),
            ("results", .array(results.map(result))),
            ("elapsed_time", .double(elapsed)),
        ])
    }

    private func result(_ result: FreshnessResult) -> JSON {
        guard result.status != .runtimeError, let maxLoadedAt = result.maxLoadedAt,
            let snapshottedAt = result.snapshottedAt
        else {
            // dbt's SourceFreshnessRuntimeError: only the id, the error and the status.
            return .object([
                ("unique_id", .string(result.check.source.id)),
                ("error", .string(result.diagnostic?.message ?? "freshness query failed")),
                ("status", .string(FreshnessStatus.runtimeError.rawValue)),
            ])
        }
        let response: JSON =
            result.adapterResponse.map { response in
                .object([
                    ("_message", .string(response.message)), ("code", "SELECT"),
                    ("rows_affected", .int(response.rowsAffected)),
                ])
            } ?? .object([])
        return .object([
            ("unique_id", .string(result.check.source.id)),
            ("max_loaded_at", .string(ArtifactDate.string(maxLoadedAt))),
            ("snapshotted_at", .string(ArtifactDate.string(snapshottedAt))),
            ("max_loaded_at_time_ago_in_s", .double(result.age ?? 0)),
            ("status", .string(result.status.rawValue)),
            ("criteria", result.check.rule.json),
            ("adapter_response", response),
            (
                "timing",
                .array([
                    .object([
                        ("name", "compile"), ("started_at", .string(ArtifactDate.string(result.startedAt))),
                        ("completed_at", .string(ArtifactDate.string(result.startedAt))),
                    ]),
                    .object([
                        ("name", "execute"), ("started_at", .string(ArtifactDate.string(result.startedAt))),
                        ("completed_at", .string(ArtifactDate.string(result.completedAt))),
                    ]),
                ])
            ),
            ("thread_id", "Thread-1"),
            ("execution_time", .double(result.completedAt.timeIntervalSince(result.startedAt))),
        ])
    }
}
