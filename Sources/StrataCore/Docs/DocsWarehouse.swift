public import Foundation

/// What the warehouse says about the documented nodes: column types from its catalog, what the state holds
/// about each build, and the last recorded source freshness. Everything is optional: docs are generated
/// without a warehouse too, and then say so.
public struct DocsWarehouse: Sendable {
    /// Relations as the warehouse's catalog describes them; nil when the catalog was not read.
    public var catalog: [Relation: CatalogRelation]?
    /// The project compared with the warehouse state; nil when the state was not read.
    public var plan: SyncPlan?
    /// The last `strata source freshness` results, by source unique id.
    public var freshness: [String: RecordedFreshness]
    /// Why the catalog and state are missing, shown on the site.
    public var unavailableReason: String?

    /// Creates the facts.
    public init(
        catalog: [Relation: CatalogRelation]? = nil, plan: SyncPlan? = nil,
        freshness: [String: RecordedFreshness] = [:], unavailableReason: String? = nil
    ) {
        self.catalog = catalog
        self.plan = plan
        self.freshness = freshness
        self.unavailableReason = unavailableReason
    }

    /// The catalog entry of a relation, matched without regard to case (PostgreSQL folds unquoted names).
    func catalogEntry(_ relation: Relation?) -> CatalogRelation? {
        guard let relation, let catalog else { return nil }
        if let exact = catalog[relation] { return exact }
        return catalog[Relation(schema: relation.schema.lowercased(), identifier: relation.identifier.lowercased())]
    }

    /// The column names of a relation the catalog holds (for lineage through relations outside the project).
    public func catalogEntryColumns(_ relation: Relation) -> [String]? {
        catalogEntry(relation)?.columns.map(\.name)
    }
}

/// One source's entry of `target/sources.json`, as the docs show it.
public struct RecordedFreshness: Sendable, Hashable {
    /// pass, warn, error or runtime error.
    public var status: String
    /// The newest load time, as written.
    public var maxLoadedAt: String?
    /// When it was measured, as written.
    public var snapshottedAt: String?
    /// Seconds between the two.
    public var ageSeconds: Double?
    /// The error of a failed check.
    public var error: String?

    /// Reads the results of a `sources.json` file (dbt's v3 layout, which `strata source freshness` writes).
    /// - Parameter data: the file's contents.
    /// - Returns: the results by source unique id; empty when the file is not such a document.
    public static func parse(_ data: Data) -> [String: RecordedFreshness] {
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let results = document["results"] as? [[String: Any]]
        else { return [:] }
        var parsed: [String: RecordedFreshness] = [:]
        for result in results {
            guard let id = result["unique_id"] as? String, let status = result["status"] as? String else { continue }
            parsed[id] = RecordedFreshness(
                status: status, maxLoadedAt: result["max_loaded_at"] as? String,
                snapshottedAt: result["snapshotted_at"] as? String,
                ageSeconds: (result["max_loaded_at_time_ago_in_s"] as? NSNumber)?.doubleValue,
                error: result["error"] as? String)
        }
        return parsed
    }

    var json: JSON {
        .object([
            ("status", .string(status)), ("max_loaded_at", .optional(maxLoadedAt)),
            ("snapshotted_at", .optional(snapshottedAt)), ("age_seconds", ageSeconds.map(JSON.double) ?? .null),
            ("error", .optional(error)),
        ])
    }
}
