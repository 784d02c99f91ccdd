public import StrataDiagnostics
import StrataJinja

/// Renders `{{ env_var('X', 'default') }}` and friends in `profiles.yml` before it is read as YAML, as dbt does.
public enum ProfileRenderer {
    /// Renders profile text.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: the file, for error locations.
    /// - Returns: the rendered text (unchanged when it has no template syntax).
    /// - Throws: a located diagnostic for template errors or missing environment variables.
    @Sendable public static func render(_ text: String, _ file: SourceFile) throws(Diagnostic) -> String {
        guard MetadataHeader.containsTemplateSyntax(text) else { return text }
        var environment = Environment(options: .init(parse: ParseOptions(keepTrailingNewline: true)))
        environment.addFunction("env_var", DbtContext.envVar)
        let template = try environment.parse(file)
        return try environment.render(template).text
    }
}
