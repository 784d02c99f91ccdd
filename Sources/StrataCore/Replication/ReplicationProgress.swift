public import Foundation

/// A replicated table's progress, one row of `strata.replication_state`, written in the transaction of every
/// batch it describes: a run that stops anywhere resumes from the last batch that landed.
public struct ReplicationProgress: Sendable, Hashable {
    public enum Phase: String, Sendable {
        /// A full copy into the scratch table is under way (`lastKey` is the last key copied).
        case full
        /// The table is in place; runs read rows after `lastCursor`/`lastKey`.
        case incremental
    }

    public var target: Relation
    public var source: Relation
    public var phase: Phase
    /// `running`, `ok`, `interrupted` or `failed`.
    public var status: String
    /// Rows written by the full copy under way, or by the last full copy and every incremental batch since.
    public var rowsCopied: Int
    public var lastCursor: String?
    public var lastKey: [String]?
    /// The largest cursor when the current (or last) full copy started: where incremental runs begin.
    public var fullStartCursor: String?
    public var columns: [ReplicatedColumn]
    public var columnsHash: String
    /// Counts the destination's column changes.
    public var schemaVersion: Int
    public var runsSinceFull: Int
    public var lastFullAt: Date?
    public var updatedAt: Date

    public init(
        target: Relation, source: Relation, phase: Phase, status: String, rowsCopied: Int, lastCursor: String?,
        lastKey: [String]?,
        fullStartCursor: String?, columns: [ReplicatedColumn], columnsHash: String, schemaVersion: Int,
        runsSinceFull: Int, lastFullAt: Date?,
        updatedAt: Date
    ) {
        self.target = target
        self.source = source
        self.phase = phase
        self.status = status
        self.rowsCopied = rowsCopied
        self.lastCursor = lastCursor
        self.lastKey = lastKey
        self.fullStartCursor = fullStartCursor
        self.columns = columns
        self.columnsHash = columnsHash
        self.schemaVersion = schemaVersion
        self.runsSinceFull = runsSinceFull
        self.lastFullAt = lastFullAt
        self.updatedAt = updatedAt
    }
}

/// SQL for the `replication_state` table of the warehouse's state schema (created by `StateStore.migrate()`).
public struct ReplicationStateTable: Sendable {
    /// How SQL names the table on this engine.
    public let quotedName: String

    public init(adapter: any DatabaseAdapter) {
        quotedName = adapter.quotedName(Relation(schema: StateStore.schema, identifier: "replication_state"))
    }

    /// The statement creating the table (state schema version 2).
    static func createStatement(_ quotedName: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(quotedName) (
            target_schema text NOT NULL, target_table text NOT NULL, source_table text NOT NULL, phase text NOT NULL,
            status text NOT NULL, rows_copied bigint NOT NULL, last_cursor text, last_key text, full_start_cursor text,
            columns text NOT NULL, columns_hash text NOT NULL, schema_version integer NOT NULL, runs_since_full integer NOT NULL,
            last_full_at text, updated_at text NOT NULL,
            PRIMARY KEY (target_schema, target_table))
        """
    }

    private static let columnList = [
        "source_table", "phase", "status", "rows_copied", "last_cursor", "last_key", "full_start_cursor", "columns",
        "columns_hash",
        "schema_version", "runs_since_full", "last_full_at", "updated_at",
    ]

    /// The query reading every table's progress.
    public var selectAll: String {
        "SELECT target_schema, target_table, \(Self.columnList.joined(separator: ", ")) FROM \(quotedName)"
    }

    /// Reads the rows `selectAll` returned.
    public static func decode(_ result: QueryResult) -> [Relation: ReplicationProgress] {
        var progress: [Relation: ReplicationProgress] = [:]
        for row in result.rows {
            let text = row.map(\.text)
            guard let schema = text[0], let table = text[1], let sourceName = text[2] else { continue }
            let target = Relation(schema: schema, identifier: table)
            let sourceParts = sourceName.split(separator: ".", maxSplits: 1).map(String.init)
            progress[target] = ReplicationProgress(
                target: target, source: Relation(schema: sourceParts.first ?? "", identifier: sourceParts.last ?? ""),
                phase: ReplicationProgress.Phase(rawValue: text[3] ?? "") ?? .full, status: text[4] ?? "",
                rowsCopied: Int(text[5] ?? "") ?? 0,
                lastCursor: text[6],
                lastKey: text[7].flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) },
                fullStartCursor: text[8],
                columns: (try? JSONDecoder().decode([ReplicatedColumn].self, from: Data((text[9] ?? "[]").utf8))) ?? [],
                columnsHash: text[10] ?? "", schemaVersion: Int(text[11] ?? "") ?? 0,
                runsSinceFull: Int(text[12] ?? "") ?? 0,
                lastFullAt: text[13].flatMap(StateStore.date),
                updatedAt: text[14].flatMap(StateStore.date) ?? Date(timeIntervalSince1970: 0))
        }
        return progress
    }

    /// The statement marking a table's run as failed, leaving its progress as the last batch wrote it.
    public func markFailed(_ target: Relation, at date: Date) -> String {
        """
        UPDATE \(quotedName) SET status = 'failed', updated_at = \(StateStore.literal(StateStore.timestamp(date)))
        WHERE target_schema = \(StateStore.literal(target.schema)) AND target_table = \(StateStore.literal(target.identifier))
        """
    }

    /// The statement writing a table's progress (insert or replace).
    public func upsert(_ progress: ReplicationProgress) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let key = progress.lastKey.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        let columns = (try? encoder.encode(progress.columns)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        let values = [
            StateStore.literal(progress.target.schema), StateStore.literal(progress.target.identifier),
            StateStore.literal("\(progress.source.schema).\(progress.source.identifier)"),
            StateStore.literal(progress.phase.rawValue),
            StateStore.literal(progress.status), String(progress.rowsCopied), StateStore.literal(progress.lastCursor),
            StateStore.literal(key),
            StateStore.literal(progress.fullStartCursor), StateStore.literal(columns),
            StateStore.literal(progress.columnsHash),
            String(progress.schemaVersion), String(progress.runsSinceFull),
            StateStore.literal(progress.lastFullAt.map(StateStore.timestamp)),
            StateStore.literal(StateStore.timestamp(progress.updatedAt)),
        ]
        return """
            INSERT INTO \(quotedName) (target_schema, target_table, \(Self.columnList.joined(separator: ", ")))
            VALUES (\(values.joined(separator: ", ")))
            ON CONFLICT (target_schema, target_table) DO UPDATE SET \(Self.columnList.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """
    }
}
