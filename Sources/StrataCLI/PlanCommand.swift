import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// `strata plan`: what a sync would do, without doing it. Exit code 0 when the warehouse is in sync, 3 when
/// changes are pending (for CI).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compare the project with the warehouse: new, changed, missing, stale, downstream, unchanged and orphaned objects.",
        discussion: "Exit code 0: nothing to do; 3: changes pending; 2: the project is invalid or the warehouse unreachable.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var environment: EnvironmentOptions

    @Option(name: .customLong("format"), help: "text or json.")
    var format: PlanFormat = .text

    func run() async throws {
        let workspace = try Workspace.load(project)
        try workspace.enforceLint()
        try workspace.checkEnvironmentName(environment.env)
        let ids = try workspace.select(selection, resourceTypes: [.model, .seed, .source])
        let adapter = try await workspace.openAdapter()
        let plan: SyncPlan
        do {
            let store = StateStore(adapter: adapter)
            let compared = try await workspace.plan(scope: ids, adapter: adapter, store: store, environment: "")
            plan = await workspace.describeColumnChanges(compared, adapter: adapter)
        } catch {
            await adapter.close()
            workspace.reporter.report(.diagnostic(DatabaseDiagnostics.diagnostic(for: error, node: nil, artifactPath: nil, subject: "state")))
            throw ExitCode(2)
        }
        await adapter.close()
        let output = format == .json ? PlanPrinter.json(plan) : PlanPrinter.text(plan, environment: environment.env, colored: project.color.enabled(for: STDOUT_FILENO))
        FileHandle.standardOutput.write(Data(output.utf8))
        if plan.hasChanges { throw ExitCode(3) }
    }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Renders a plan for people and for machines.
enum PlanPrinter {
    static func text(_ plan: SyncPlan, environment: String?, colored: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let marks: [SyncPlan.Change: (String, String)] = [
            .new: ("+ new       ", "32"), .changed: ("~ changed   ", "33"), .missing: ("! missing   ", "31"),
            .stale: ("~ stale     ", "33"), .downstream: ("> downstream", "36"),
        ]
        var lines: [String] = []
        if let environment {
            lines.append("Environment \(environment): these nodes differ from production and are built into <schema>__\(environment); the rest is read from production.")
        }
        for entry in plan.entries where entry.change != .unchanged {
            let (mark, color) = marks[entry.change] ?? ("  ", "0")
            var line = "\(paint(mark, color)) \(entry.materialization) \(entry.relation)"
            if !entry.reason.isEmpty { line += "  (\(entry.reason))" }
            lines.append(line)
            for diffLine in entry.diff {
                let color = diffLine.hasPrefix("+") ? "32" : diffLine.hasPrefix("-") ? "31" : "2"
                lines.append("      " + paint(diffLine, color))
            }
            if !entry.columnsAdded.isEmpty || !entry.columnsRemoved.isEmpty {
                let columns = entry.columnsAdded.map { "+\($0)" } + entry.columnsRemoved.map { "-\($0)" }
                lines.append("      columns: \(columns.joined(separator: " "))")
            }
        }
        for orphan in plan.orphans {
            lines.append("\(paint("- orphaned  ", "35")) \(orphan.materialization) \(orphan.relation)  (no longer in the project; sync --prune drops it)")
        }
        let counts = SyncPlan.Change.allCases.compactMap { change -> String? in
            let count = plan.entries(change).count
            return count == 0 && change != .unchanged ? nil : "\(count) \(change.rawValue)"
        } + (plan.orphans.isEmpty ? [] : ["\(plan.orphans.count) orphaned"])
        lines.append("Plan: \(counts.joined(separator: ", ")).")
        lines.append(plan.hasChanges ? "Run strata sync to apply it." : "The warehouse is in sync with the project.")
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ plan: SyncPlan) -> String {
        let nodes = plan.entries.map { entry -> JSON in
            .object([
                ("unique_id", .string(entry.nodeID)), ("relation", .string(entry.relation.description)),
                ("materialization", .string(entry.materialization)), ("change", .string(entry.change.rawValue)),
                ("reason", .string(entry.reason)), ("diff", .strings(entry.diff)), ("columns_added", .strings(entry.columnsAdded)),
                ("columns_removed", .strings(entry.columnsRemoved)),
                ("built_at", entry.previous.map { .string(StateStore.timestamp($0.builtAt)) } ?? .null),
                ("git_commit", .optional(entry.previous?.gitCommit)),
            ])
        }
        let orphans = plan.orphans.map { orphan -> JSON in
            .object([
                ("unique_id", .string(orphan.nodeID)), ("relation", .string(orphan.relation.description)),
                ("materialization", .string(orphan.materialization)),
            ])
        }
        var summary: [(key: String, value: JSON)] = SyncPlan.Change.allCases.map { ($0.rawValue, .int(plan.entries($0).count)) }
        summary.append(("orphaned", .int(plan.orphans.count)))
        return JSON.object([
            ("has_changes", .bool(plan.hasChanges)), ("summary", .object(summary)), ("nodes", .array(nodes)), ("orphans", .array(orphans)),
        ]).encoded(pretty: true) + "\n"
    }
}
