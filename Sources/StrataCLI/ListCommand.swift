import ArgumentParser
import Foundation
import StrataCore

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List the project's nodes (honours --select).", aliases: ["list"])

    enum Output: String, ExpressibleByArgument, CaseIterable { case selector, name, path, json }

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "selector (default), name, path or json (one object per line).")
    var output: Output = .selector

    @Option(name: .customLong("resource-type"), parsing: .upToNextOption, help: "Only these resource types (model, seed, source, test, ...).")
    var resourceTypes: [String] = []

    func run() async throws {
        let workspace = try Workspace.load(project)
        let types = resourceTypes.isEmpty ? Set(ResourceType.allCases) : Set(resourceTypes.compactMap(ResourceType.init(rawValue:)))
        let ids = try workspace.select(selection, resourceTypes: types)
        let nodes = ids.compactMap { workspace.compiled.nodes[$0] }.sorted { $0.id < $1.id }
        var lines: [String] = []
        for node in nodes {
            switch output {
            case .selector:
                lines.append(workspace.compiled.project.layout == .plain ? node.graphNode.name : node.graphNode.fqn.joined(separator: "."))
            case .name:
                lines.append(node.graphNode.name)
            case .path:
                if !node.graphNode.path.isEmpty { lines.append(node.graphNode.path) }
            case .json:
                lines.append(json(node).encoded())
            }
        }
        FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
    }

    private func json(_ node: CompiledNode) -> JSON {
        .sortedObject([
            "name": .string(node.graphNode.name),
            "resource_type": .string(node.graphNode.resourceType.rawValue),
            "package_name": .string(node.graphNode.packageName),
            "original_file_path": .string(node.graphNode.path),
            "unique_id": .string(node.id),
            "alias": .string(node.relation?.identifier ?? node.graphNode.name),
            "schema": .optional(node.relation?.schema),
            "config": .sortedObject(node.config.values.filter { !$0.key.hasPrefix("__") }.mapValues(\.json)),
            "tags": .strings(node.config.tags),
            "depends_on": .object([("nodes", .strings(node.dependsOn)), ("macros", .strings(node.macros))]),
        ])
    }
}

struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Print the dependency graph as text or Graphviz dot.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, dot }

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    @Option(name: .customLong("format"), help: "text (default) or dot.")
    var format: Format = .text

    func run() async throws {
        let workspace = try Workspace.load(project)
        let ids = try workspace.select(selection, resourceTypes: Set(ResourceType.allCases).subtracting([.test, .unitTest]))
        let graph = workspace.compiled.graph
        let order = (graph.topologicalOrder() ?? graph.nodes.map(\.id)).filter(ids.contains)
        var text = ""
        switch format {
        case .text:
            for id in order {
                guard let node = graph.node(id) else { continue }
                let parents = graph.parents(of: id).filter(ids.contains).compactMap { graph.node($0)?.name }
                let kind = workspace.compiled.nodes[id]?.materialization ?? node.resourceType.rawValue
                text += "\(node.name) (\(node.resourceType == .model ? kind : node.resourceType.rawValue))"
                text += parents.isEmpty ? "\n" : " <- \(parents.joined(separator: ", "))\n"
            }
        case .dot:
            text = "digraph strata {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
            for id in order {
                guard let node = graph.node(id) else { continue }
                let shape = node.resourceType == .seed ? "cylinder" : node.resourceType == .source ? "folder" : "box"
                text += "  \(quote(id)) [label=\(quote(node.name)), shape=\(shape)];\n"
            }
            for id in order {
                for parent in graph.parents(of: id) where ids.contains(parent) {
                    text += "  \(quote(parent)) -> \(quote(id));\n"
                }
            }
            text += "}\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
