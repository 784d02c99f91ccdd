public import Foundation
public import StrataDiagnostics

/// What `strata replicate` reports while it works.
public enum ReplicationEvent: Sendable {
    /// A table's run begins: a full copy (with why) or an incremental pass.
    case tableStarted(target: Relation, fullCopy: FullCopyReason?)
    /// A schema change applied to the destination.
    case schemaChanged(target: Relation, change: ReplicationSchemaChange)
    /// A batch landed: rows written by this run so far.
    case progress(target: Relation, rows: Int, elapsed: TimeInterval, lastCursor: String?)
    /// A table's run ended.
    case tableFinished(TableOutcome)
}

/// How one table's run ended.
public struct TableOutcome: Sendable {
    public enum Status: String, Sendable { case ok, failed, interrupted }

    public var target: Relation
    public var status: Status
    /// Rows written by this run.
    public var rows: Int
    public var elapsed: TimeInterval
    public var fullCopy: FullCopyReason?
    /// What went wrong, for `failed`.
    public var diagnostic: Diagnostic?
}

/// A table checked against the source's catalog, ready to plan.
public struct CheckedTable: Sendable {
    public var table: ReplicatedTable
    public var selected: [SourceColumn]
    public var primaryKey: [String]
    public var cursor: String?
    /// Every column the source table has.
    public var sourceColumns: [SourceColumn]
}

/// Copies tables from a `ReplicationSource` into a `ReplicationTarget`, one batch per transaction with the
/// table's progress, so a run stopped anywhere (Ctrl-C, a lost connection, `kill -9`) resumes without losing or
/// repeating rows.
public struct Replicator: Sendable {
    let source: any ReplicationSource
    let target: any ReplicationTarget
    let config: ReplicationConfig
    let batchSize: Int
    let stop: ReplicationStop
    let events: @Sendable (ReplicationEvent) -> Void
    let stateTable: ReplicationStateTable

    public init(
        source: any ReplicationSource, target: any ReplicationTarget, config: ReplicationConfig, batchSize: Int,
        stop: ReplicationStop,
        events: @escaping @Sendable (ReplicationEvent) -> Void
    ) {
        self.source = source
        self.target = target
        self.config = config
        self.batchSize = max(1, batchSize)
        self.stop = stop
        self.events = events
        stateTable = ReplicationStateTable(adapter: target)
    }

    /// Checks tables against the source's catalog; every problem is reported at its place in the config.
    /// - Returns: the checked tables, or nil when any problem was reported.
    /// - Throws: `DatabaseError` when the source cannot be asked.
    public static func check(
        _ tables: [ReplicatedTable], config: ReplicationConfig, source: any ReplicationSource,
        diagnostics: DiagnosticCollector
    ) async throws -> [CheckedTable]? {
        let catalog = try await source.describe(tables.map(\.source))
        var checked: [CheckedTable] = []
        for table in tables {
            guard
                let selection = ReplicationPlanner.select(
                    table, in: catalog[table.source], file: config.file, diagnostics: diagnostics)
            else { continue }
            checked.append(
                CheckedTable(
                    table: table, selected: selection.columns, primaryKey: selection.primaryKey,
                    cursor: selection.cursor,
                    sourceColumns: catalog[table.source]?.columns ?? []))
        }
        return diagnostics.hasErrors ? nil : checked
    }

    /// Runs every table once, one after the other.
    /// - Returns: one outcome per table started (tables after a stop are not started).
    /// - Throws: `DatabaseError` when the progress cannot be read.
    public func runOnce(_ tables: [CheckedTable], fullRefresh: Bool) async throws -> [TableOutcome] {
        let states = ReplicationStateTable.decode(try await target.query(stateTable.selectAll, limit: nil))
        var outcomes: [TableOutcome] = []
        for checked in tables {
            if stop.requested { break }
            let relation = Relation(schema: config.targetSchema, identifier: checked.table.targetName)
            let started = Date()
            var plan: TablePlan?
            do {
                let exists = try await target.relationKind(relation) != nil
                plan = ReplicationPlanner.plan(
                    checked.table, targetSchema: config.targetSchema, selected: checked.selected,
                    primaryKey: checked.primaryKey,
                    cursor: checked.cursor, sourceColumns: checked.sourceColumns, state: states[relation],
                    destinationExists: exists,
                    fullRefresh: fullRefresh, now: started)
                let outcome = try await run(plan!, state: states[relation], started: started)
                outcomes.append(outcome)
                events(.tableFinished(outcome))
            } catch {
                // Best effort (the warehouse may be what failed): the progress itself stays at the last batch.
                let mark = stateTable.markFailed(relation, at: Date())
                try? await target.withReplicationTransaction { writer in try await writer.execute(mark) }
                let diagnostic = DatabaseDiagnostics.diagnostic(
                    for: error, node: nil, artifactPath: nil, subject: "replicating \(relation)")
                let outcome = TableOutcome(
                    target: relation, status: .failed, rows: 0, elapsed: Date().timeIntervalSince(started),
                    fullCopy: plan?.fullCopy,
                    diagnostic: diagnostic)
                outcomes.append(outcome)
                events(.tableFinished(outcome))
            }
        }
        return outcomes
    }

    private func run(_ plan: TablePlan, state: ReplicationProgress?, started: Date) async throws -> TableOutcome {
        events(.tableStarted(target: plan.target, fullCopy: plan.fullCopy))
        let schemaVersion =
            (state?.schemaVersion ?? 0) + (state.map { $0.columnsHash != plan.columnsHash } ?? true ? 1 : 0)
        var progress = ReplicationProgress(
            target: plan.target, source: plan.table.source, phase: .incremental, status: "running",
            rowsCopied: state?.rowsCopied ?? 0,
            lastCursor: state?.lastCursor, lastKey: state?.lastKey, fullStartCursor: state?.fullStartCursor,
            columns: plan.columns,
            columnsHash: plan.columnsHash, schemaVersion: schemaVersion, runsSinceFull: state?.runsSinceFull ?? 0,
            lastFullAt: state?.lastFullAt,
            updatedAt: started)
        let (rows, completed) =
            plan.fullCopy == nil
            ? try await incremental(plan, progress: &progress, started: started)
            : try await fullCopy(plan, progress: &progress, resuming: plan.fullCopy == .resumed, started: started)
        return TableOutcome(
            target: plan.target, status: completed ? .ok : .interrupted, rows: rows,
            elapsed: Date().timeIntervalSince(started),
            fullCopy: plan.fullCopy)
    }

    /// Copies the whole table into the scratch table, batch by batch (each with its progress), then swaps it in.
    private func fullCopy(
        _ plan: TablePlan, progress: inout ReplicationProgress, resuming: Bool, started: Date
    ) async throws -> (rows: Int, completed: Bool) {
        let engine = target.traits.name
        let scratch = target.scratchRelation(for: plan.target)
        let scratchExists = try await target.relationKind(scratch) != nil
        if !(resuming && scratchExists) {
            progress.phase = .full
            progress.rowsCopied = 0
            progress.lastKey = nil
            progress.lastCursor = nil
            progress.fullStartCursor = nil
            let create = ReplicationSQL.createTable(
                target.quotedName(scratch),
                columns: plan.columns.map { ($0.name, target.replicatedType($0.sourceType)) },
                primaryKey: engine == "sqlite" ? plan.primaryKey : nil)
            let statements = [
                "DROP TABLE IF EXISTS \(target.quotedName(scratch))", create, stateTable.upsert(progress),
            ]
            try await target.createSchemas([plan.target.schema])
            try await target.withReplicationTransaction { writer in
                for statement in statements { try await writer.execute(statement) }
            }
        }
        let read = ReplicationSQL.fullRead(plan, afterKey: progress.lastKey, engine: engine)
        let copied = try await stream(
            read, plan: plan, into: scratch, upsertKey: nil, progress: &progress, started: started
        ) { progress, batch in
            progress.lastKey = batch.lastKey
            if progress.fullStartCursor == nil { progress.fullStartCursor = batch.highWater }
        }
        guard copied.completed else { return copied }
        progress.phase = .incremental
        progress.status = "ok"
        progress.lastCursor = progress.fullStartCursor
        progress.lastKey = nil
        progress.runsSinceFull = 0
        progress.lastFullAt = Date()
        progress.updatedAt = Date()
        try await target.swapInReplicatedTable(
            plan.target, primaryKey: plan.primaryKey, stateStatements: [stateTable.upsert(progress)])
        return copied
    }

    /// Applies schema changes, then upserts the rows after the last cursor, batch by batch.
    private func incremental(_ plan: TablePlan, progress: inout ReplicationProgress, started: Date) async throws -> (
        rows: Int, completed: Bool
    ) {
        let engine = target.traits.name
        if !plan.changes.isEmpty {
            let alters = ReplicationSQL.alterStatements(
                plan.changes, on: target.quotedName(plan.target), engine: engine, type: target.replicatedType)
            let statements = alters + [stateTable.upsert(progress)]
            try await target.withReplicationTransaction { writer in
                for statement in statements { try await writer.execute(statement) }
            }
            for change in plan.changes { events(.schemaChanged(target: plan.target, change: change)) }
        }
        let read = ReplicationSQL.incrementalRead(
            plan, afterCursor: progress.lastCursor, afterKey: progress.lastKey, engine: engine)
        let copied = try await stream(
            read, plan: plan, into: plan.target, upsertKey: plan.primaryKey, progress: &progress, started: started
        ) { progress, batch in
            progress.lastCursor = batch.lastCursor
            progress.lastKey = batch.lastKey
        }
        progress.status = copied.completed ? "ok" : "interrupted"
        if copied.completed { progress.runsSinceFull += 1 }
        progress.updatedAt = Date()
        let statement = stateTable.upsert(progress)
        try await target.withReplicationTransaction { writer in try await writer.execute(statement) }
        return copied
    }

    /// Reads the source and writes each batch with the table's progress in one transaction.
    /// - Returns: rows written, and false when a stop was asked for before the read ended.
    private func stream(
        _ read: SourceRead, plan: TablePlan, into relation: Relation, upsertKey: [String]?,
        progress: inout ReplicationProgress,
        started: Date, advance: (inout ReplicationProgress, RowBatch) -> Void
    ) async throws -> (rows: Int, completed: Bool) {
        let columns = plan.selected.map(\.name)
        var rows = 0
        var stopped = false
        var current = progress
        try await source.read(read, batchSize: batchSize) { batch in
            advance(&current, batch)
            current.rowsCopied += batch.rowCount
            current.updatedAt = Date()
            let statement = stateTable.upsert(current)
            try await target.withReplicationTransaction { writer in
                try await writer.write(batch, into: relation, columns: columns, upsertKey: upsertKey)
                try await writer.execute(statement)
            }
            rows += batch.rowCount
            events(
                .progress(
                    target: plan.target, rows: rows, elapsed: Date().timeIntervalSince(started),
                    lastCursor: batch.lastCursor))
            if stop.requested {
                stopped = true
                return false
            }
            return true
        }
        progress = current
        return (rows, !stopped)
    }
}
