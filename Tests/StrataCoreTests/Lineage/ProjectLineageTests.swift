import StrataCore
import StrataDiagnostics
import StrataTestSupport
import Testing

/// Column lineage across a seed and three models, `select *` through a model included.
@Suite struct ProjectLineageTests {
    static let files: [String: String] = [
        "/p/strata.yml": "name: shop\n",
        "/p/seeds/raw/deals.csv": "id,amount_cents,owner_id\n1,1000,7\n",
        "/p/models/staging/deals.sql": "select id, amount_cents / 100.0 as amount, owner_id from raw.deals\n",
        "/p/models/core/deals.sql": "select * from staging.deals\n",
        "/p/models/marts/owner_totals.sql": """
        select d.owner_id, sum(d.amount) as total, max(e.note) as note
        from core.deals d left join ext.notes e on e.deal_id = d.id
        group by d.owner_id
        """,
        "/p/models/marts/mystery.sql": "select * from ext.unknown\n",
    ]

    let project: CompiledProject
    let lineage: ProjectLineage

    init() throws {
        project = try compileInMemory(Self.files)
        lineage = ProjectLineage.build(project, fileSystem: InMemoryFileSystem(Self.files))
    }

    private func name(_ column: LineageColumnID) -> String {
        guard !column.isExternal, let node = project.nodes[column.node] else {
            return column.description + " (external)"
        }
        return "\(ProjectLineage.displayName(node)).\(column.column)"
    }

    private func edges(_ trace: LineageTrace) -> [String] {
        trace.edges.map { "\(name($0.column)) <- \(name($0.source)) [\($0.kind)]" }
    }

    @Test func upstreamFollowsSelectStarThroughAModelToTheSeedsHeader() throws {
        let root = try lineage.column(named: "marts.owner_totals.total", in: project)
        #expect(
            edges(lineage.trace(root, direction: .upstream)) == [
                "marts.owner_totals.total <- core.deals.amount [aggregated]",
                "core.deals.amount <- staging.deals.amount [direct]",
                "staging.deals.amount <- raw.deals.amount_cents [derived]",
            ])
        #expect(
            edges(lineage.trace(root, direction: .upstream, depth: 1)) == [
                "marts.owner_totals.total <- core.deals.amount [aggregated]"
            ])
    }

    @Test func downstreamFromASeedColumn() throws {
        let root = try lineage.column(named: "raw.deals.amount_cents", in: project)
        let trace = lineage.trace(root, direction: .downstream)
        #expect(
            trace.columns.map(name) == [
                "raw.deals.amount_cents", "staging.deals.amount", "core.deals.amount", "marts.owner_totals.total",
            ])
    }

    @Test func externalColumnsAndUnresolvedStars() throws {
        let note = try lineage.column(named: "owner_totals.note", in: project)
        #expect(
            edges(lineage.trace(note, direction: .upstream)) == [
                "marts.owner_totals.note <- ext.notes.note (external) [aggregated]"
            ])
        let mystery = try #require(project.nodes.values.first { $0.relation?.description == "marts.mystery" })
        #expect(
            lineage.unresolved[LineageColumnID(node: mystery.id, column: "*")] == [
                "the columns of ext.unknown are unknown"
            ])
        #expect(lineage.knownColumns[mystery.id] == nil)
    }

    @Test func unknownNamesSuggestNearMisses() {
        #expect(throws: LineageLookupError.self) { try lineage.column(named: "core.deal.amount", in: project) }
        do {
            _ = try lineage.column(named: "core.deals.amout", in: project)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "core.deals has no column 'amout'")
            #expect(error.suggestion == "amount")
        }
    }

    @Test func ephemeralModelsAreTracedThroughTheirInlinedCTE() throws {
        let files = [
            "/p/strata.yml": "name: shop\n",
            "/p/seeds/raw/deals.csv": "id,amount_cents\n1,1000\n",
            "/p/models/staging/clean.sql":
                "/*---\nmaterialized: ephemeral\n---*/\nselect id, amount_cents from raw.deals\n",
            "/p/models/core/doubled.sql": "select c.id, c.amount_cents * 2 as doubled from staging.clean c\n",
        ]
        let project = try compileInMemory(files)
        let lineage = ProjectLineage.build(project, fileSystem: InMemoryFileSystem(files))
        let root = try lineage.column(named: "core.doubled.doubled", in: project)
        let names = lineage.trace(root, direction: .upstream).edges.map { edge in
            [edge.column, edge.source].map { column in
                "\(project.nodes[column.node].map(ProjectLineage.displayName) ?? column.node).\(column.column)"
            }.joined(separator: " <- ") + " [\(edge.kind)]"
        }
        #expect(
            names == [
                "core.doubled.doubled <- staging.clean.amount_cents [derived]",
                "staging.clean.amount_cents <- raw.deals.amount_cents [direct]",
            ])
    }
}
