public import Foundation
public import StrataDiagnostics

/// A destination column as the replication state records it.
public struct ReplicatedColumn: Sendable, Hashable, Codable {
    /// Column name.
    public var name: String
    /// The source's type the column was made for.
    public var sourceType: String
    /// Whether the source dropped it: kept in the destination, NULL in rows written since.
    public var dropped: Bool

    public init(name: String, sourceType: String, dropped: Bool = false) {
        self.name = name
        self.sourceType = sourceType
        self.dropped = dropped
    }
}

/// A change to a destination table's columns, applied before the rows of a run and logged.
public enum ReplicationSchemaChange: Sendable, Hashable, CustomStringConvertible {
    /// A new source column; existing rows hold NULL until they change or the next full copy.
    case added(SourceColumn)
    /// A column whose source type was widened (`integer` → `bigint`, `varchar(20)` → `varchar(50)`).
    case widened(name: String, from: String, to: String)
    /// A column the source no longer has: kept, NULL from now on.
    case droppedInSource(String)
    /// A column the source has again after dropping it.
    case restored(String)
    /// A column the config now excludes: dropped from the destination.
    case excluded(String)

    public var description: String {
        switch self {
        case .added(let column):
            return
                "column \(column.name) (\(column.dataType)) added; existing rows hold NULL until they change or the next full copy"
        case .widened(let name, let from, let to): return "column \(name) widened from \(from) to \(to)"
        case .droppedInSource(let name):
            return "column \(name) was dropped in the source; kept, NULL in rows copied from now on"
        case .restored(let name): return "column \(name) is back in the source; copied again"
        case .excluded(let name): return "column \(name) is excluded by the config now; dropped from the destination"
        }
    }
}

/// Why a run copies a table in full.
public enum FullCopyReason: String, Sendable, Hashable {
    case firstRun = "first run", requested = "--full-refresh", noCursor = "no cursor configured", resync =
        "full_resync_every"
    case destinationMissing = "destination table missing", typeChanged = "a column type changed incompatibly"
    case resumed = "resuming an interrupted full copy"
}

/// What one run does with one table: the columns read, the destination's columns afterwards, and how.
public struct TablePlan: Sendable {
    public var table: ReplicatedTable
    /// Where the rows land.
    public var target: Relation
    /// Columns read from the source, in the source's order.
    public var selected: [SourceColumn]
    public var primaryKey: [String]
    public var cursor: String?
    /// The destination's columns after this run (selected ones, then columns kept after the source dropped them).
    public var columns: [ReplicatedColumn]
    /// Changes applied before an incremental pass (a full copy creates the table as `columns` says).
    public var changes: [ReplicationSchemaChange]
    /// Nil for an incremental pass.
    public var fullCopy: FullCopyReason?

    /// A checksum of `columns`, recorded with the progress so a resumed copy knows it writes the same shape.
    public var columnsHash: String {
        MD5.hex(columns.map { "\($0.name) \($0.sourceType)\($0.dropped ? " dropped" : "")" }.joined(separator: "\n"))
    }
}

/// Pure decisions of `strata replicate`: checking a table's config against the source's catalog, choosing its
/// columns, comparing them with what the destination holds, and choosing full copy or incremental pass.
public enum ReplicationPlanner {
    /// Checks a table's config against the source's catalog.
    /// - Returns: the columns to read, the key and the cursor; nil when a problem was reported.
    public static func select(
        _ table: ReplicatedTable, in source: SourceTable?, file: SourceFile, diagnostics: DiagnosticCollector
    ) -> (columns: [SourceColumn], primaryKey: [String], cursor: String?)? {
        guard let source else {
            diagnostics.emit(
                .error(
                    "R8003",
                    "source table \(table.source.schema).\(table.source.identifier) does not exist (or this user cannot see it)",
                    in: file,
                    at: table.sourceSpan, help: "check the schema and the table name; a bare name means schema public"))
            return nil
        }
        let names = source.columns.map(\.name)
        var failed = false
        func check(_ item: ReplicatedTable.Located, role: String) -> Bool {
            guard !names.contains(item.name) else { return true }
            failed = true
            let suggestion = EditDistance.suggestion(for: item.name, among: names).map { "did you mean '\($0)'?" }
            diagnostics.emit(
                .error(
                    "R8004",
                    "\(role) column '\(item.name)' does not exist in \(table.source.schema).\(table.source.identifier)",
                    in: file, at: item.span,
                    help: suggestion ?? "its columns: \(names.joined(separator: ", "))"))
            return false
        }
        for item in table.include ?? [] { _ = check(item, role: "included") }
        for item in table.exclude { _ = check(item, role: "excluded") }
        for item in table.primaryKey { _ = check(item, role: "primary key") }
        if let cursor = table.cursor { _ = check(cursor, role: "cursor") }
        guard !failed else { return nil }
        let excluded = Set(table.exclude.map(\.name))
        let included = table.include.map { Set($0.map(\.name)) }
        let columns = source.columns.filter { !excluded.contains($0.name) && (included?.contains($0.name) ?? true) }
        let key = table.primaryKey.isEmpty ? source.primaryKey : table.primaryKey.map(\.name)
        if key.isEmpty {
            diagnostics.emit(
                .error(
                    "R8005", "\(table.source.schema).\(table.source.identifier) has no primary key", in: file,
                    at: table.span,
                    help: "give 'primary_key: [column, ...]': incremental runs update rows by it"))
            return nil
        }
        let chosen = Set(columns.map(\.name))
        for (role, required) in [("primary key", key), ("cursor", table.cursor.map { [$0.name] } ?? [])] {
            for name in required where !chosen.contains(name) {
                let span =
                    (table.primaryKey + [table.cursor].compactMap { $0 }).first { $0.name == name }?.span ?? table.span
                diagnostics.emit(
                    .error(
                        "R8004", "the \(role) column '\(name)' must be copied, but 'include'/'exclude' leave it out",
                        in: file, at: span,
                        help: "copy it (it cannot hold personal data that must stay out if rows are identified by it)"))
                failed = true
            }
        }
        return failed ? nil : (columns, key, table.cursor?.name)
    }

    /// Decides how one run treats a table.
    /// - Parameters:
    ///   - state: the table's recorded progress, nil when never copied.
    ///   - destinationExists: whether the destination table is there.
    ///   - sourceColumns: every column the source table has now (to tell dropped from excluded columns).
    ///   - fullRefresh: `--full-refresh`.
    ///   - now: the run's time, for `full_resync_every` intervals.
    public static func plan(
        _ table: ReplicatedTable, targetSchema: String, selected: [SourceColumn], primaryKey: [String], cursor: String?,
        sourceColumns: [SourceColumn], state: ReplicationProgress?, destinationExists: Bool, fullRefresh: Bool,
        now: Date
    ) -> TablePlan {
        var plan = TablePlan(
            table: table, target: Relation(schema: targetSchema, identifier: table.targetName), selected: selected,
            primaryKey: primaryKey,
            cursor: cursor, columns: selected.map { ReplicatedColumn(name: $0.name, sourceType: $0.dataType) },
            changes: [], fullCopy: nil)
        guard let state, destinationExists || state.phase == .full else {
            plan.fullCopy = state == nil ? .firstRun : .destinationMissing
            return plan
        }
        let (columns, changes, incompatible) = diff(
            previous: state.columns, selected: selected, sourceColumns: sourceColumns)
        plan.columns = columns
        plan.changes = changes
        if state.phase == .full, state.columnsHash == plan.columnsHash, !fullRefresh {
            plan.fullCopy = .resumed
        } else if fullRefresh {
            plan.fullCopy = .requested
        } else if cursor == nil {
            plan.fullCopy = .noCursor
        } else if incompatible {
            plan.fullCopy = .typeChanged
        } else if state.phase == .full || !destinationExists {
            plan.fullCopy = destinationExists ? .firstRun : .destinationMissing
        } else if let every = table.fullResyncEvery, resyncDue(every, state: state, now: now) {
            plan.fullCopy = .resync
        }
        return plan
    }

    static func resyncDue(_ every: FullResync, state: ReplicationProgress, now: Date) -> Bool {
        switch every {
        case .runs(let count): return state.runsSinceFull >= count
        case .interval(let seconds): return state.lastFullAt.map { now.timeIntervalSince($0) >= seconds } ?? true
        }
    }

    /// Compares the recorded destination columns with the source's selected columns now.
    /// - Returns: the destination's columns afterwards, the changes, and whether a type changed in a way no
    ///   widening covers (the table must then be copied again).
    static func diff(
        previous: [ReplicatedColumn], selected: [SourceColumn], sourceColumns: [SourceColumn]
    ) -> ([ReplicatedColumn], [ReplicationSchemaChange], Bool) {
        var changes: [ReplicationSchemaChange] = []
        var incompatible = false
        let before = Dictionary(previous.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let inSource = Set(sourceColumns.map(\.name))
        let chosen = Set(selected.map(\.name))
        var columns: [ReplicatedColumn] = []
        for column in selected {
            guard let old = before[column.name] else {
                changes.append(.added(column))
                columns.append(ReplicatedColumn(name: column.name, sourceType: column.dataType))
                continue
            }
            if old.dropped { changes.append(.restored(column.name)) }
            var type = old.sourceType
            if old.sourceType != column.dataType {
                switch ColumnTypes.change(from: old.sourceType, to: column.dataType, engine: "postgres") {
                case .fits: break
                case .widen:
                    changes.append(.widened(name: column.name, from: old.sourceType, to: column.dataType))
                    type = column.dataType
                case .incompatible:
                    incompatible = true
                    type = column.dataType
                }
            }
            columns.append(ReplicatedColumn(name: column.name, sourceType: type))
        }
        for old in previous where !chosen.contains(old.name) {
            if inSource.contains(old.name) {
                changes.append(.excluded(old.name))
            } else {
                if !old.dropped { changes.append(.droppedInSource(old.name)) }
                columns.append(ReplicatedColumn(name: old.name, sourceType: old.sourceType, dropped: true))
            }
        }
        return (columns, changes, incompatible)
    }
}
