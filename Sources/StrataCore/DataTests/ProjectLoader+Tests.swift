import StrataDiagnostics

extension ProjectLoader {
    /// Test paths: `generic/` holds `{% test %}` macros (loaded like macro files), everything else is a singular test.
    func loadTestFiles(package: String, root: String, settings: ProjectSettings, display: (String) -> String, into project: inout Project) {
        for testPath in settings.testPaths {
            for relative in fileSystem.filesRecursively(in: PathText.join(root, testPath)) where PathText.ext(relative) == "sql" {
                let path = PathText.join(testPath, relative)
                guard let text = readText(PathText.join(root, path), displayPath: display(path)) else { continue }
                let file = MacroFile(packageName: package, file: SourceFile(path: display(path), text: text), path: path)
                if PathText.components(relative).first == "generic" {
                    project.macroFiles.append(file)
                } else {
                    project.singularTestFiles.append(file)
                }
            }
        }
    }
}
