import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

/// `dbt clean`: deletes the folders listed in `clean-targets` (default: the target path).
struct CleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clean", abstract: "Delete the folders listed in clean-targets (default: target/).")

    @OptionGroup var project: ProjectOptions

    func run() async throws {
        let diagnostics = DiagnosticCollector()
        guard let loaded = ProjectLoader(diagnostics: diagnostics).load(directory: project.projectDir) else {
            for diagnostic in diagnostics.diagnostics { StandardError.write(DiagnosticRenderer().render(diagnostic)) }
            throw ExitCode(2)
        }
        let targets = loaded.settings.extra["clean-targets"]?.stringList ?? [loaded.settings.targetPath]
        for folder in targets {
            let path = folder.hasPrefix("/") ? folder : loaded.rootPath + "/" + folder
            // Only folders inside the project are removed, whatever the configuration says.
            guard URL(fileURLWithPath: path).standardized.path.hasPrefix(loaded.rootPath + "/") else {
                StandardError.write("warning: not removing '\(folder)': it is outside the project\n")
                continue
            }
            if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.removeItem(atPath: path)
                StandardError.write("Removed \(folder)\n")
            }
        }
    }
}
