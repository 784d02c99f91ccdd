import Foundation
import StrataDiagnostics

/// Builds `run_results.json` following dbt's v6 schema.
struct RunResultsBuilder {
    let invocationID: String
    let generatedAt: Date

    func build(_ summary: RunSummary, arguments: [String: JSON]) -> JSON {
        .object([
            ("metadata", .object([
                ("dbt_schema_version", .string("https://schemas.getdbt.com/dbt/run-results/v6.json")),
                ("dbt_version", .string(StrataVersion.dbtCompatible)),
                ("generated_at", .string(ArtifactDate.string(generatedAt))),
                ("invocation_id", .string(invocationID)),
                ("env", .object([])),
            ])),
            ("results", .array(summary.results.filter { $0.resourceType != .operation }.map(result))),
            ("elapsed_time", .double(summary.elapsed)),
            ("args", .sortedObject(arguments)),
        ])
    }

    private func result(_ result: NodeResult) -> JSON {
        let timing: JSON = result.status == .skipped ? .array([]) : .array([
            .object([("name", "compile"), ("started_at", .string(ArtifactDate.string(result.startedAt))), ("completed_at", .string(ArtifactDate.string(result.startedAt)))]),
            .object([("name", "execute"), ("started_at", .string(ArtifactDate.string(result.startedAt))), ("completed_at", .string(ArtifactDate.string(result.completedAt)))]),
        ])
        let response: JSON = result.adapterResponse.map { response in
            .object([
                ("_message", .string(response.message)),
                ("code", .string(response.message.split(separator: " ").first.map(String.init) ?? "")),
                ("rows_affected", .int(response.rowsAffected)),
            ])
        } ?? .object([])
        return .object([
            ("status", .string(result.status.rawValue)),
            ("timing", timing),
            ("thread_id", .string(result.threadID)),
            ("execution_time", .double(result.executionTime)),
            ("adapter_response", response),
            ("message", .string(result.diagnostic?.message ?? result.message)),
            ("failures", result.failures.map(JSON.int) ?? .null),
            ("unique_id", .string(result.nodeID)),
            ("compiled", .bool(result.compiledCode != nil)),
            ("compiled_code", .optional(result.compiledCode)),
            ("relation_name", .optional(result.relation?.quoted)),
        ])
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}

/// Version strings written into artifacts.
public enum StrataVersion {
    /// Strata's own version.
    public static let current = "0.1.0"
    /// The dbt version whose artifact schemas Strata writes.
    public static let dbtCompatible = "1.8.0"
}
