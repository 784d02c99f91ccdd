import StrataDiagnostics
import Testing

@testable import StrataJinja

/// Renders every fixture in `Fixtures/render` and compares with its snapshot; expected outputs were checked
/// against Python's jinja2 with `Fixtures/jinja2_reference.py`.
@Suite struct RenderFixtureTests {
    @Test(arguments: Golden.files(in: "render"))
    func rendersLikeJinja2(_ name: String) throws {
        let fixture = try Fixture(name: name, source: try Golden.read("render", name))
        let output: String
        do {
            output = try fixture.render().text
        } catch {
            Issue.record("render failed:\n\(DiagnosticRenderer().render(error))")
            return
        }
        Golden.assertMatches(output, kind: "render", name: name)
    }
}

/// Renders every fixture in `Fixtures/errors`, which must fail, and compares the full rendered diagnostic.
@Suite struct ErrorFixtureTests {
    @Test(arguments: Golden.files(in: "errors"))
    func reportsDiagnostic(_ name: String) throws {
        let fixture = try Fixture(name: name, source: try Golden.read("errors", name))
        do {
            let output = try fixture.render()
            Issue.record("expected an error, rendered: \(output.text)")
        } catch {
            Golden.assertMatches(DiagnosticRenderer().render(error), kind: "errors", name: name)
        }
    }
}
