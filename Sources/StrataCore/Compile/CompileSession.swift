import Foundation
import StrataJinja

/// What every render of one compilation shares: the project, the target, variables and (after names are
/// resolved) the index `ref()` and `source()` look names up in. Immutable once built.
final class CompileSession: Sendable {
    let project: Project
    let target: TargetInfo
    let cliVars: [String: ConfigValue]
    let environmentVariables: [String: String]
    let index: RelationIndex
    let invocationID: String
    let startedAt: Date
    /// Runs `run_query` and `statement` blocks at run time; nil while compiling (dbt's `execute` is false).
    let executor: (any QueryExecutor)?

    init(
        project: Project, target: TargetInfo, cliVars: [String: ConfigValue], environmentVariables: [String: String],
        index: RelationIndex, invocationID: String, startedAt: Date, executor: (any QueryExecutor)? = nil
    ) {
        self.executor = executor
        self.project = project
        self.target = target
        self.cliVars = cliVars
        self.environmentVariables = environmentVariables
        self.index = index
        self.invocationID = invocationID
        self.startedAt = startedAt
    }

    func with(executor: any QueryExecutor) -> CompileSession {
        CompileSession(
            project: project, target: target, cliVars: cliVars, environmentVariables: environmentVariables, index: index,
            invocationID: invocationID, startedAt: startedAt, executor: executor)
    }

    func with(index: RelationIndex) -> CompileSession {
        CompileSession(
            project: project, target: target, cliVars: cliVars, environmentVariables: environmentVariables, index: index,
            invocationID: invocationID, startedAt: startedAt, executor: executor)
    }

    /// dbt's lookup order for `var()`: command line, then the project's vars scoped to the node's package, then
    /// its global vars.
    func variable(_ name: String, package: String) -> ConfigValue? {
        if let value = cliVars[name] { return value }
        let vars = project.settings.vars
        if let scoped = vars[package]?.dictValue, let value = scoped[name] { return value }
        if let value = vars[name], !(project.packageRoots[name] != nil && value.dictValue != nil) { return value }
        if let packageSettings = project.packages[package], let value = packageSettings.vars[name] { return value }
        return nil
    }
}
