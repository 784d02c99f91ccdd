import ArgumentParser
import Foundation
import StrataCore

/// A command that builds the selected nodes of some resource types: `build`, `run`, `seed`.
protocol NodeRunningCommand: AsyncParsableCommand {
    /// What the command builds.
    static var resourceTypes: Set<ResourceType> { get }
    var project: ProjectOptions { get }
    var selection: SelectionOptions { get }
    var execution: ExecutionOptions { get }
    var environment: EnvironmentOptions { get }
}

extension NodeRunningCommand {
    func run() async throws {
        let workspace = try Workspace.load(project, connectingForRun: true, exitsAfterwards: true)
        let ids = try workspace.select(selection, resourceTypes: Self.resourceTypes)
        if Self.resourceTypes.contains(.model) { try workspace.enforceLint() }
        try await workspace.run(ids, command: Self.configuration.commandName ?? "build", execution: execution, environment: environment.env)
    }
}

struct BuildCommand: NodeRunningCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Load seeds, build models and snapshots and run their data tests in dependency order; a failing test skips what is downstream.")
    // Sources count for the file sources among them, which build loads; other sources build nothing.
    static let resourceTypes: Set<ResourceType> = [.model, .seed, .snapshot, .test, .unitTest, .source]

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var environment: EnvironmentOptions
}

struct RunCommand: NodeRunningCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Build models (not seeds) in dependency order.")
    static let resourceTypes: Set<ResourceType> = [.model]

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var environment: EnvironmentOptions
}

struct SeedCommand: NodeRunningCommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "Load CSV seeds into tables.")
    static let resourceTypes: Set<ResourceType> = [.seed]

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var environment: EnvironmentOptions
}

struct SnapshotCommand: NodeRunningCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Record changes to the selected snapshots' queries as type-2 history tables.")
    static let resourceTypes: Set<ResourceType> = [.snapshot]

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var environment: EnvironmentOptions
}

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Load and compile the project and write target/manifest.json, as dbt parse does: no compiled SQL, no warehouse.")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let started = Date()
        let workspace = try Workspace.load(project, exitsAfterwards: true)
        // Rendered and checked, as for `compile`; the manifest's nodes are parsed ones, as dbt's are after `dbt parse`.
        workspace.writeManifest(compiledCode: false)
        let models = workspace.compiled.nodes.values.count(where: { $0.graphNode.resourceType == .model })
        let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
        workspace.reporter.report(.info("Parsed \(models) models, \(workspace.compiled.nodes.count) nodes in \(elapsed)s; wrote \(workspace.compiled.project.targetDirectory)/manifest.json"))
    }
}

struct CompileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile", abstract: "Render every model to target/compiled/ and write target/manifest.json, without touching the warehouse.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .customLong("print"), help: "Also print the compiled SQL of the selected models to stdout.")
    var print = false

    func run() async throws {
        let started = Date()
        let workspace = try Workspace.load(project, exitsAfterwards: true)
        let ids = try workspace.select(selection, resourceTypes: [.model, .seed, .test, .unitTest, .snapshot, .analysis])
        workspace.writeCompiledArtifacts(for: ids)
        if print {
            for id in ids.sorted() {
                guard let node = workspace.compiled.nodes[id], let code = node.compiledCode else { continue }
                FileHandle.standardOutput.write(Data("-- \(node.graphNode.name)\n\(code)\n\n".utf8))
            }
        }
        let models = workspace.compiled.nodes.values.count(where: { $0.graphNode.resourceType == .model })
        let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
        workspace.reporter.report(.info("Compiled \(models) models, \(workspace.compiled.nodes.count) nodes in \(elapsed)s; wrote \(workspace.compiled.project.targetDirectory)/manifest.json"))
    }
}
