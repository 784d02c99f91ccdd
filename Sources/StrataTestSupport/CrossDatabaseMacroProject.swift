public import StrataCore

/// A dbt project with one model per cross-database macro expression (`models/m<i>.sql`) and one aggregating
/// model, compiled for an engine; each engine's test runs the compiled SQL and checks that engine's values.
public struct CrossDatabaseMacroProject {
    /// The compiled project.
    public let harness: ProjectHarness

    /// Writes and compiles the project.
    /// - Parameters:
    ///   - expressions: one templated SQL expression per model.
    ///   - aggregates: the body of `models/aggregates.sql`.
    ///   - directory: an empty folder to write into.
    ///   - target: what templates see (its `type` picks the dispatched implementations).
    ///   - traits: the engine's traits.
    public init(expressions: [String], aggregates: String, in directory: TemporaryDirectory, target: TargetInfo, traits: EngineTraits) throws {
        try directory.write("dbt_project.yml", "name: xdb\nversion: '1.0'\nprofile: xdb\n")
        for (index, expression) in expressions.enumerated() {
            try directory.write("models/m\(index).sql", "select \(expression) as v")
        }
        try directory.write("models/aggregates.sql", aggregates)
        harness = try ProjectHarness(directory: directory.path, target: target, traits: traits)
    }

    /// The compiled SQL of the model for expression `index`.
    public func expressionSQL(_ index: Int) -> String? { harness.compiled.nodes["model.xdb.m\(index)"]?.compiledCode }

    /// The compiled SQL of the aggregating model.
    public var aggregatesSQL: String? { harness.compiled.nodes["model.xdb.aggregates"]?.compiledCode }
}
