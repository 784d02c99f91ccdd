import StrataDiagnostics

extension ProjectLoader {
    /// Test paths: `generic/` holds `{% test %}` macros (loaded like macro files), everything else is a singular test.
    func loadTestFiles(package: String, root: String, settings: ProjectSettings, display: (String) -> String, into project: inout Project) {
        for testPath in settings.testPaths {
            for relative in fileSystem.filesRecursively(in: PathText.join(root, testPath)) {
                let path = PathText.join(testPath, relative)
                if PathText.components(relative).first == "fixtures" {
                    loadFixture(package: package, path: path, root: root, display: display, into: &project)
                    continue
                }
                guard PathText.ext(relative) == "sql" else { continue }
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

    /// Unit test fixtures (`fixtures/` under a test path): CSV or SQL files that `given`/`expect` name.
    private func loadFixture(package: String, path: String, root: String, display: (String) -> String, into project: inout Project) {
        guard ["csv", "sql"].contains(PathText.ext(path)),
            let text = readText(PathText.join(root, path), displayPath: display(path))
        else { return }
        let name = PathText.lastComponent(path)
        guard project.unitTestFixtures[name] == nil || package == project.name else { return }
        project.unitTestFixtures[name] = MacroFile(packageName: package, file: SourceFile(path: display(path), text: text), path: path)
    }
}
