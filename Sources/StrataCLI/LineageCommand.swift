import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

struct LineageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "Show where a column comes from (or, with --downstream, what reads it), from the models' SQL.",
        discussion: """
            Names a column as <schema>.<model>.<column> or <model>.<column>; seeds and sources work too. Needs no \
            database: the project is compiled and each model's SQL analysed in dependency order. What cannot be \
            resolved (a `*` over a table whose columns are unknown, an ambiguous unqualified column) is printed as \
            unresolved with the reason. Exit 2 when the column is unknown.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var project: ProjectOptions

    @Argument(help: "The column: <schema>.<model>.<column> or <model>.<column>.")
    var column: String

    @Flag(name: .customLong("downstream"), help: "Show the columns that read this one instead of those it reads.")
    var downstream = false

    @Option(name: .customLong("format"), help: "text (default, a tree) or json (nodes and edges).")
    var format: Format = .text

    @Option(name: .customLong("depth"), help: "Follow at most N edges from the column (default: all).")
    var depth: Int?

    func run() async throws {
        let workspace = try Workspace.load(project)
        let compiled = workspace.compiled
        let lineage = ProjectLineage.build(compiled)
        let root: LineageColumnID
        do {
            root = try lineage.column(named: column, in: compiled)
        } catch {
            workspace.reporter.report(
                .diagnostic(
                    Diagnostic(
                        code: "G4301", message: "lineage: \(error.message)",
                        help: error.suggestion.map { "did you mean '\($0)'?" })))
            throw ExitCode(2)
        }
        let trace = lineage.trace(root, direction: downstream ? .downstream : .upstream, depth: depth)
        let printer = LineagePrinter(project: compiled)
        let output = format == .json ? printer.json(trace) : printer.text(trace)
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

/// Prints a lineage trace as an indented tree or as JSON nodes and edges.
struct LineagePrinter {
    let project: CompiledProject

    func name(_ column: LineageColumnID) -> String {
        guard !column.isExternal, let node = project.nodes[column.node] else { return column.description }
        return "\(ProjectLineage.displayName(node)).\(column.column)"
    }

    func resourceType(_ column: LineageColumnID) -> String {
        column.isExternal ? "external" : project.nodes[column.node]?.graphNode.resourceType.rawValue ?? "external"
    }

    func text(_ trace: LineageTrace) -> String {
        var children: [LineageColumnID: [LineageEdge]] = [:]
        for edge in trace.edges {
            let from = trace.direction == .upstream ? edge.column : edge.source
            if !(children[from]?.contains(edge) ?? false) { children[from, default: []].append(edge) }
        }
        var lines = ["\(name(trace.root)) (\(resourceType(trace.root)))"]
        func walk(_ column: LineageColumnID, indent: String, path: Set<LineageColumnID>) {
            for reason in trace.unresolved[column] ?? [] { lines.append("\(indent)?? unresolved: \(reason)") }
            for edge in children[column] ?? [] {
                let next = trace.direction == .upstream ? edge.source : edge.column
                let arrow = trace.direction == .upstream ? "<-" : "->"
                lines.append("\(indent)\(arrow) \(name(next)) [\(edge.kind)] (\(resourceType(next)))")
                if !path.contains(next) { walk(next, indent: indent + "   ", path: path.union([next])) }
            }
        }
        walk(trace.root, indent: "  ", path: [trace.root])
        if trace.edges.isEmpty && trace.unresolved.isEmpty {
            lines.append(trace.direction == .upstream ? "  (reads no other column)" : "  (read by no other column)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json(_ trace: LineageTrace) -> String {
        let nodes = trace.columns.map { column -> JSON in
            .object([
                ("id", .string(name(column))), ("unique_id", column.isExternal ? .null : .string(column.node)),
                ("column", .string(column.column)), ("resource_type", .string(resourceType(column))),
                ("unresolved", .strings(trace.unresolved[column] ?? [])),
            ])
        }
        var seen: Set<LineageEdge> = []
        let edges = trace.edges.filter { seen.insert($0).inserted }.map { edge -> JSON in
            .object([
                ("source", .string(name(edge.source))), ("target", .string(name(edge.column))),
                ("kind", .string("\(edge.kind)")),
            ])
        }
        return JSON.object([
            ("root", .string(name(trace.root))), ("direction", .string(trace.direction.rawValue)),
            ("nodes", .array(nodes)),
            ("edges", .array(edges)),
        ]).encoded(pretty: true) + "\n"
    }
}
