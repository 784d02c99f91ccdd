import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Run a query against the target and print the rows.",
        discussion: "Schema-qualified names work on every engine: strata query \"select * from core.deals limit 5\"")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The SQL to run.")
    var sql: String

    @Option(name: .customLong("format"), help: "table (default), csv (with a header row) or json.")
    var format: Format = .table

    @Option(name: .customLong("limit"), help: "Print at most this many rows.")
    var limit: Int?

    @Option(
        name: .customLong("as-of"),
        help: "Read snapshots and models with `history: true` as they were at this time (e.g. '2026-03-01' or '2026-03-01 12:00+01').")
    var asOf: String?

    func run() async throws {
        let workspace = try Workspace.load(project)
        let adapter = try await workspace.openAdapter()
        let result: QueryResult
        do {
            var sql = self.sql
            if let asOf { sql = try await Self.readingHistory(sql, asOf: asOf, workspace: workspace, adapter: adapter) }
            result = try await adapter.query(sql, limit: limit)
        } catch {
            await adapter.close()
            workspace.reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "query")))
            throw ExitCode(1)
        }
        await adapter.close()
        let text: String
        switch format {
        case .table: text = ResultFormatter.table(result)
        case .csv: text = ResultFormatter.csv(result)
        case .json: text = ResultFormatter.json(result)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension QueryCommand {
    /// The query with every historized relation it reads replaced by its rows as of `time`; a query that reads
    /// none is refused, since it would silently return today's rows.
    static func readingHistory(_ sql: String, asOf time: String, workspace: Workspace, adapter: any DatabaseAdapter) async throws -> String {
        let historical = HistoricalRelation.all(in: workspace.compiled)
        let engine = adapter.traits.name
        // A first pass names the historized relations the query reads; only theirs are asked of the catalog.
        let relations = HistoricalRelation.rewrite(
            sql, asOf: time, historical: historical, engine: engine, historyColumns: [:], quotedName: adapter.quotedName).rewritten
        guard !relations.isEmpty else {
            let known = historical.map(\.relation.description).joined(separator: ", ")
            throw Diagnostic(
                code: "M5130", message: "--as-of: the query reads no relation with history",
                help: known.isEmpty ? "add `history: true` to a model, or define a snapshot" : "relations with history: \(known)")
        }
        var columns: [Relation: [ColumnDescription]] = [:]
        if engine == "sqlite" {
            // SQLite reads history through a subquery that lists the model's columns.
            for item in historical where relations.contains(item.relation) {
                columns[item.history] = try await adapter.columns(of: item.history)
                if columns[item.history]?.isEmpty != false {
                    throw Diagnostic(code: "M5131", message: "--as-of: \(item.relation) has no history yet", help: "build it first (strata build --select ...)")
                }
            }
        }
        let rewritten = HistoricalRelation.rewrite(
            sql, asOf: time, historical: historical, engine: engine, historyColumns: columns, quotedName: adapter.quotedName).sql
        return rewritten
    }
}

/// Prints query results for people (aligned table), spreadsheets (CSV) and programs (JSON).
enum ResultFormatter {
    static func table(_ result: QueryResult) -> String {
        let headers = result.columns.map(\.name)
        let cells = result.rows.map { $0.map { $0.text ?? "" } }
        var widths = headers.map(\.count)
        for row in cells { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        let numeric = result.columns.indices.map { index in
            result.rows.allSatisfy { row in
                switch row[index] {
                case .integer, .double, .null: return true
                default: return false
                }
            }
        }
        func line(_ values: [String], alignNumbers: Bool) -> String {
            values.enumerated().map { index, value in
                let pad = String(repeating: " ", count: max(0, widths[index] - value.count))
                return alignNumbers && numeric[index] ? pad + value : value + pad
            }.joined(separator: " | ")
        }
        var out = line(headers, alignNumbers: false) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
        for row in cells { out += line(row, alignNumbers: true) + "\n" }
        out += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))\n"
        return out
    }

    static func csv(_ result: QueryResult) -> String {
        RowEncoding.csvHeader(result.columns.map(\.name)) + result.rows.map(RowEncoding.csvRecord).joined()
    }

    /// An array of objects whose keys keep the query's column order.
    static func json(_ result: QueryResult) -> String {
        let keys = RowEncoding.jsonKeys(result.columns.map(\.name))
        let rows = result.rows.map { "  " + RowEncoding.jsonObject($0, keys: keys, separator: ", ") }
        return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }
}
