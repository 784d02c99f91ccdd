import ArgumentParser
import Foundation
import StrataCore
import StrataDiagnostics

extension Workspace {
    /// A selector for the project that knows the `--state` manifest when one was given.
    /// - Throws: `G4201` when a `state:` criterion has no `--state`, `G4202` when its manifest cannot be read.
    func selector(for selection: SelectionOptions, include: SelectionSpec?, exclude: SelectionSpec?) throws(Diagnostic) -> NodeSelector {
        var selector = NodeSelector(graph: compiled.graph, rootPackage: compiled.project.name)
        guard let directory = selection.state else {
            for spec in [include, exclude].compactMap(\.self) where spec.usesState {
                throw StateDiagnostics.stateRequired(spec)
            }
            return selector
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent("manifest.json").path
        let previous: ManifestState
        do {
            previous = try ManifestState(data: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            throw StateDiagnostics.unreadableState(path: path, reason: "no such file")
        } catch {
            throw StateDiagnostics.unreadableState(path: path, reason: "not a JSON manifest (\(error.localizedDescription))")
        }
        selector.state = StateComparison(current: compiled.manifestState(), previous: previous)
        return selector
    }

    /// With `--since REF`, the nodes whose files changed since that git revision and their descendants, which the
    /// selection is narrowed to; nil without `--since`.
    /// - Throws: `G4203` when git cannot list the changes.
    func changedSince(_ selection: SelectionOptions) throws(Diagnostic) -> Set<String>? {
        guard let ref = selection.since else { return nil }
        let files = try GitChanges.files(changedSince: ref, in: compiled.project.rootPath)
        return compiled.nodesAffected(byChangedFiles: files)
    }
}
