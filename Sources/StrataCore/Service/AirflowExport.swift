import Foundation
public import StrataDiagnostics

/// Airflow DAGs for a project, in the Viewflow manner: one DAG per top-level folder (or per `schedules:` entry),
/// one task per model, seed and snapshot running `strata build --select <node>`, the graph's edges between tasks
/// of one DAG, and a sensor waiting on the upstream DAG's task for each edge that crosses DAGs.
///
/// Pure: the graph and the schedules in, value types out; `AirflowDAG.python` renders them.
public struct AirflowExport: Sendable {
    /// How nodes are cut into DAGs.
    public enum Grouping: String, Sendable, CaseIterable {
        /// One DAG per top-level folder under `models/`, `seeds/`, `snapshots/`, all on one schedule.
        case folder
        /// One DAG per `schedules:` entry, holding the nodes it selects, on its cron.
        case schedule
    }

    /// The diagnostic code of a schedule whose selection cannot be used (or a project with no schedules).
    public static let badSchedule: DiagnosticCode = "V9201"
    /// The diagnostic code of DAG files that cannot be written.
    public static let writeFailed: DiagnosticCode = "V9202"

    public var graph: Graph
    /// The root project's name: prefixes DAG ids.
    public var projectName: String
    /// The folder-grouped DAGs' schedule (a cron expression or an Airflow preset such as `@daily`).
    public var folderSchedule = "@daily"

    public init(graph: Graph, projectName: String) {
        self.graph = graph
        self.projectName = projectName
    }

    /// The DAGs, sorted by id, each with its tasks, edges and sensors sorted.
    /// - Parameters:
    ///   - schedules: the `schedules:` entries, for `.schedule`.
    ///   - file: the `strata.yml` they came from, to locate errors.
    /// - Throws: `V9201` when grouping by schedule without schedules, or a schedule's selectors do not parse.
    public func dags(grouping: Grouping, schedules: [ScheduleDefinition] = [], file: SourceFile? = nil)
        throws(Diagnostic) -> [AirflowDAG]
    {
        let runnable = graph.nodes.filter(Self.isRunnable)
        let taskIDs = Self.taskIDs(for: runnable)
        var members: [(id: String, schedule: String, timeZone: String, nodes: [String])] = []
        switch grouping {
        case .folder:
            let byFolder = Dictionary(grouping: runnable.map(\.id)) { folder(of: graph.node($0)!) }
            members = byFolder.map { (dagID($0.key), folderSchedule, "UTC", $0.value) }
        case .schedule:
            guard !schedules.isEmpty else {
                throw Diagnostic(
                    code: Self.badSchedule, message: "--per schedule needs 'schedules:' in strata.yml",
                    help: "add schedules: [{name: nightly, cron: \"0 3 * * *\", select: [...]}], or use --per folder")
            }
            for schedule in schedules {
                let selected = try self.selected(by: schedule, file: file).filter {
                    graph.node($0).map(Self.isRunnable) ?? false
                }
                // Foundation names UTC "GMT"; the same zone, spelled as Airflow users expect.
                let zone = schedule.timeZone.identifier == "GMT" ? "UTC" : schedule.timeZone.identifier
                members.append((dagID(schedule.name), schedule.cron.description, zone, Array(selected)))
            }
        }
        // A node scheduled in several DAGs is waited for in the first that holds it (file order, then id order).
        var owner: [String: String] = [:]
        for member in members { for node in member.nodes where owner[node] == nil { owner[node] = member.id } }
        let timing = Dictionary(
            members.map { ($0.id, Timing(schedule: $0.schedule, timeZone: $0.timeZone)) },
            uniquingKeysWith: { first, _ in first })
        return members.map { member in
            dag(
                member.id, timing: timing[member.id]!, nodes: Set(member.nodes), taskIDs: taskIDs, owner: owner,
                timing: timing)
        }.sorted { $0.id < $1.id }
    }

    /// Nodes that build something: models that are not ephemeral, seeds and snapshots.
    static func isRunnable(_ node: GraphNode) -> Bool {
        switch node.resourceType {
        case .seed, .snapshot: return true
        case .model: return node.materialized != "ephemeral"
        default: return false
        }
    }

    /// When a DAG runs.
    private struct Timing: Equatable {
        var schedule: String
        var timeZone: String
    }

    private func dag(
        _ id: String, timing own: Timing, nodes: Set<String>, taskIDs: [String: String], owner: [String: String],
        timing: [String: Timing]
    ) -> AirflowDAG {
        var dag = AirflowDAG(id: id, schedule: own.schedule, timeZone: own.timeZone)
        var sensors: [String: AirflowSensor] = [:]
        var edges = Set<AirflowDAG.Edge>()
        for nodeID in nodes {
            let node = graph.node(nodeID)!
            let taskID = taskIDs[nodeID]!
            dag.tasks.append(AirflowTask(id: taskID, nodeID: nodeID, selector: selector(for: node)))
            for upstream in upstreamTasks(of: nodeID, in: nodes, owner: owner) {
                if nodes.contains(upstream) {
                    edges.insert(.init(upstream: taskIDs[upstream]!, downstream: taskID))
                } else if let other = owner[upstream] {
                    let theirs = timing[other]!
                    let sensor = AirflowSensor(
                        externalDAG: other, externalTask: taskIDs[upstream]!,
                        externalSchedule: theirs == own ? nil : theirs.schedule, externalTimeZone: theirs.timeZone)
                    sensors[sensor.id] = sensor
                    edges.insert(.init(upstream: sensor.id, downstream: taskID))
                }
            }
        }
        dag.tasks.sort { $0.id < $1.id }
        dag.sensors = sensors.values.sorted { $0.id < $1.id }
        dag.edges = edges.sorted { ($0.upstream, $0.downstream) < ($1.upstream, $1.downstream) }
        return dag
    }

    /// The nearest ancestors that are tasks of this DAG or owned by another; nodes in between that build
    /// nothing (ephemeral models) or that no DAG schedules are walked through, so order is still kept.
    private func upstreamTasks(of nodeID: String, in nodes: Set<String>, owner: [String: String]) -> Set<String> {
        var found = Set<String>()
        var visited = Set<String>()
        var pending = graph.parents(of: nodeID)
        while let parent = pending.popLast() {
            guard visited.insert(parent).inserted else { continue }
            if nodes.contains(parent) || owner[parent] != nil {
                found.insert(parent)
            } else {
                pending += graph.parents(of: parent)
            }
        }
        return found
    }

    private func selected(by schedule: ScheduleDefinition, file: SourceFile?) throws(Diagnostic) -> Set<String> {
        do {
            let include = schedule.select.isEmpty ? nil : try SelectorParser.parse(schedule.select)
            let exclude = schedule.exclude.isEmpty ? nil : try SelectorParser.parse(schedule.exclude)
            return NodeSelector(graph: graph, rootPackage: projectName).select(include, exclude: exclude)
        } catch {
            guard let file else { throw error }
            throw .error(
                Self.badSchedule, "schedule '\(schedule.name)': \(error.message)", in: file, at: schedule.span,
                help: error.help)
        }
    }

    /// The first folder under the node's resource folder: `models/claims_1/x.sql` → `claims_1`.
    ///
    /// A file directly in the resource folder goes to a DAG named after it; nodes of other packages are kept apart.
    func folder(of node: GraphNode) -> String {
        let parts = node.path.split(separator: "/").map(String.init)
        let folder = parts.count >= 3 ? parts[1] : (parts.first ?? node.resourceType.rawValue)
        return node.packageName == projectName || node.packageName.isEmpty ? folder : "\(node.packageName)_\(folder)"
    }

    /// What `strata build --select` is given: the node's name, qualified by its package outside the root project.
    func selector(for node: GraphNode) -> String {
        node.packageName == projectName || node.packageName.isEmpty ? node.name : "\(node.packageName).\(node.name)"
    }

    private func dagID(_ suffix: String) -> String { AirflowDAG.identifier("\(projectName)_\(suffix)") }

    /// Task ids from node names (`core.members` → `core__members`); names that would collide are numbered in
    /// unique-id order (`core__x_1`, `core__x_2`), so every id is stable and unique across all DAGs (sensors name
    /// them from other DAGs).
    static func taskIDs(for nodes: [GraphNode]) -> [String: String] {
        let byName = Dictionary(grouping: nodes) { AirflowDAG.identifier($0.name) }
        var ids: [String: String] = [:]
        for (name, group) in byName {
            for (index, node) in group.sorted(by: { $0.id < $1.id }).enumerated() {
                ids[node.id] = group.count == 1 ? name : "\(name)_\(index + 1)"
            }
        }
        return ids
    }
}
