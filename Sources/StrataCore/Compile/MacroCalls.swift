import StrataJinja

/// The project and package macros a template calls by name, found statically as dbt's parser finds them: the
/// manifest's `depends_on.macros`, which `state:modified.macros` and `--since` follow to the models a changed
/// macro affects.
struct MacroCalls: Sendable {
    /// Macro unique ids by package, then by name.
    private let byPackage: [String: [String: String]]
    private let rootProject: String
    /// Every name a call may use: bare names and `package.name`; and `config`, so that the one walk of a template
    /// that finds its macro calls also finds its `config()` calls.
    let calleesAndConfig: Set<String>

    init(macros: [MacroInfo], rootProject: String) {
        var byPackage: [String: [String: String]] = [:]
        var callees = Set<String>()
        for macro in macros {
            byPackage[macro.packageName, default: [:]][macro.name] = macro.uniqueID
            callees.insert(macro.name)
            callees.insert("\(macro.packageName).\(macro.name)")
        }
        self.byPackage = byPackage
        self.rootProject = rootProject
        calleesAndConfig = callees.union(["config"])
    }

    /// The unique ids of the macros a template calls; a bare name means the caller's own package's macro, else
    /// the root project's.
    /// - Parameters:
    ///   - calls: the template's calls named in `calleesAndConfig`.
    ///   - package: the package the model belongs to.
    /// - Returns: unique ids, possibly repeated.
    func called(_ calls: [StaticCall], package: String) -> [String] {
        calls.compactMap { call in
            let parts = call.name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 { return byPackage[parts[0]]?[parts[1]] }
            return byPackage[package]?[call.name] ?? byPackage[rootProject]?[call.name]
        }
    }
}
