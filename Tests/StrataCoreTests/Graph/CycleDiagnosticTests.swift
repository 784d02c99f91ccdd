import StrataCore
import StrataDiagnostics
import Testing

@Suite struct CycleDiagnosticTests {
    /// `a` refs `b`, `b` refs `c`, `c` refs `a`: edges b -> a, c -> b, a -> c.
    let graph = GraphTests.graph(["a", "b", "c"], [("b", "a"), ("c", "b"), ("a", "c")])
    let files = [
        "a": SourceFile(path: "models/a.sql", text: "select * from {{ ref('b') }}\n"),
        "b": SourceFile(path: "models/b.sql", text: "-- b\n\nselect * from {{ ref('c') }}\n"),
        "c": SourceFile(path: "models/c.sql", text: "-- c\nselect * from {{ ref('a') }}\n"),
    ]

    /// The span of `ref('x')` in the dependent's file.
    func refLabel(_ dependent: String, _ dependency: String) -> Label? {
        let (from, to) = (String(dependent.dropFirst(8)), String(dependency.dropFirst(8)))
        guard let file = files[from], let range = file.text.firstRange(of: "ref('\(to)')") else { return nil }
        let start = file.text.utf8.distance(from: file.text.startIndex, to: range.lowerBound)
        return Label(file: file, span: SourceSpan(start: start, end: start + 8))
    }

    @Test func labelsEachReferenceInReferenceOrder() throws {
        let cycle = try #require(graph.cycles().first)
        #expect(cycle == ["model.p.a", "model.p.c", "model.p.b", "model.p.a"])
        let diagnostic = graph.cycleDiagnostic(cycle, label: refLabel)
        let expected = """
            error: dependency cycle between models [G4002]
              --> models/a.sql:1:18  a -> b
              --> models/b.sql:3:18  b -> c
              --> models/c.sql:2:18  c -> a
               = help: remove one of these references to break the cycle

            """
        #expect(DiagnosticRenderer().render(diagnostic) == expected)
        #expect(diagnostic.notes.isEmpty)
    }

    @Test func listsThePathInANoteWhenSpansAreMissing() throws {
        let diagnostic = graph.cycleDiagnostic(try #require(graph.cycles().first))
        let expected = """
            error: dependency cycle between models [G4002]
               = note: cycle: a -> b -> c -> a
               = help: remove one of these references to break the cycle

            """
        #expect(DiagnosticRenderer().render(diagnostic) == expected)
    }

    @Test func selfReferenceIsACycleOfOne() {
        let looped = GraphTests.graph(["solo"], [("solo", "solo")])
        let diagnostics = looped.cycleDiagnostics()
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == "G4002")
        #expect(diagnostics.first?.notes == ["cycle: solo -> solo"])
    }

    @Test func mixedNodeKindsAreCalledNodes() {
        let nodes = [
            GraphNode(id: "model.p.m", name: "m", resourceType: .model),
            GraphNode(id: "snapshot.p.s", name: "s", resourceType: .snapshot),
        ]
        let graph = Graph(
            nodes: nodes,
            edges: [(parent: "model.p.m", child: "snapshot.p.s"), (parent: "snapshot.p.s", child: "model.p.m")])
        #expect(graph.cycleDiagnostics().map(\.message) == ["dependency cycle between nodes"])
    }
}
