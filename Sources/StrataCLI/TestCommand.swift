import ArgumentParser
import StrataCore

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run data tests (generic tests from properties files, singular tests from test paths) and unit tests.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionOptions

    func run() async throws {
        let workspace = try Workspace.load(project)
        let ids = try workspace.select(selection, resourceTypes: [.test, .unitTest])
        try await workspace.run(ids, command: "test", execution: execution)
    }
}
