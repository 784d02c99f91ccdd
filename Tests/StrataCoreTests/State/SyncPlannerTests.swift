import Foundation
import StrataCore
import StrataTestSupport
import Testing

/// The planner's classification, from a compiled project and hand-written state rows (no warehouse needed).
struct SyncPlannerTests {
    /// raw.items (seed) → core.a (view) → core.b (table) → core.c (view); core.a → core.e (ephemeral) → core.f (view)
    static func compile(_ files: [String: String] = [:]) throws -> CompiledProject {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var all = [
            "seeds/raw/items.csv": "id,price\n1,2\n",
            "models/core/a.sql": "select id, price from raw.items\n",
            "models/core/b.sql": "/*---\nmaterialized: table\n---*/\nselect id from core.a\n",
            "models/core/c.sql": "select id from core.b\n",
            "models/core/e.sql": "/*---\nmaterialized: ephemeral\n---*/\nselect price from core.a\n",
            "models/core/f.sql": "select price from core.e\n",
        ]
        all.merge(files) { $1 }
        for (path, text) in all { try directory.write("shop/" + path, text) }
        let target = TargetInfo(name: "dev", type: "sqlite", schema: "main", database: "main", threads: 1)
        return try ProjectHarness(directory: directory.path + "/shop", target: target, traits: EngineTraits(name: "sqlite", seedTypes: [:])).compiled
    }

    /// State rows as a run of `compiled` would have written them.
    static func state(of compiled: CompiledProject) -> [String: NodeState] {
        let fingerprints = NodeFingerprint.all(compiled)
        var rows: [String: NodeState] = [:]
        for (id, checksum) in fingerprints {
            let node = compiled.nodes[id]!
            rows[id] = NodeState(
                environment: "", nodeID: id, relation: Relation(schema: node.relation!.schema, identifier: node.relation!.identifier),
                materialization: node.materialization, checksum: checksum,
                parentChecksums: NodeFingerprint.parents(of: id, in: compiled, fingerprints: fingerprints), compiledSQL: node.compiledCode ?? "",
                gitCommit: nil, gitDirty: false, builtAt: Date(), duration: 0, rowCount: nil, runID: "r")
        }
        return rows
    }

    static func existing(_ compiled: CompiledProject) -> [Relation: RelationKind] {
        var relations: [Relation: RelationKind] = [:]
        for node in compiled.nodes.values where node.isExecutable && node.graphNode.resourceType != .test {
            guard let relation = node.relation else { continue }
            relations[Relation(schema: relation.schema, identifier: relation.identifier)] = node.materialization == "view" ? .view : .table
        }
        return relations
    }

    static func changes(_ plan: SyncPlan) -> [String: SyncPlan.Change] {
        Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.relation.description, $0.change) })
    }

    @Test func aProjectJustBuiltIsInSync() throws {
        let compiled = try Self.compile()
        let plan = SyncPlanner(compiled: compiled).plan(scope: Set(compiled.nodes.keys), state: Self.state(of: compiled), existing: Self.existing(compiled))
        #expect(!plan.hasChanges)
        #expect(plan.entries.count == 5, "the ephemeral model builds nothing and is not planned")
    }

    @Test func anEditedEphemeralModelChangesTheModelsThatInlineIt() throws {
        let before = try Self.compile()
        let after = try Self.compile(["models/core/e.sql": "/*---\nmaterialized: ephemeral\n---*/\nselect price * 2 as price from core.a\n"])
        let plan = SyncPlanner(compiled: after).plan(scope: Set(after.nodes.keys), state: Self.state(of: before), existing: Self.existing(before))
        #expect(Self.changes(plan) == ["raw.items": .unchanged, "core.a": .unchanged, "core.b": .unchanged, "core.c": .unchanged, "core.f": .changed])
    }

    @Test func documentationEditsChangeNothingButConfigurationEditsDo() throws {
        let before = try Self.compile()
        let documented = try Self.compile(["models/core/b.sql": "/*---\nmaterialized: table\ndescription: Ids.\ntags: [x]\n---*/\nselect id from core.a\n"])
        let docsPlan = SyncPlanner(compiled: documented).plan(scope: Set(documented.nodes.keys), state: Self.state(of: before), existing: Self.existing(before))
        #expect(!docsPlan.hasChanges)
        let asView = try Self.compile(["models/core/b.sql": "select id from core.a\n"])
        let plan = SyncPlanner(compiled: asView).plan(scope: Set(asView.nodes.keys), state: Self.state(of: before), existing: Self.existing(before))
        let entry = try #require(plan.entries.first { $0.relation.description == "core.b" })
        #expect(entry.change == .changed)
        #expect(entry.reason == "materialization table → view")
        #expect(Self.changes(plan)["core.c"] == .downstream)
    }

    @Test func aParentRebuiltAloneLeavesItsChildrenStaleAndAMissingParentDragsNothing() throws {
        let before = try Self.compile()
        let after = try Self.compile(["models/core/a.sql": "select id, price, 1 as one from raw.items\n"])
        var state = Self.state(of: before)
        // `strata build -s core.a` recorded only core.a's new definition.
        let aID = try #require(after.nodes.keys.first { $0.hasSuffix("core.a") })
        state[aID] = Self.state(of: after)[aID]
        let plan = SyncPlanner(compiled: after).plan(scope: Set(after.nodes.keys), state: state, existing: Self.existing(before))
        #expect(Self.changes(plan) == ["raw.items": .unchanged, "core.a": .unchanged, "core.b": .stale, "core.c": .downstream, "core.f": .stale])
        var existing = Self.existing(before)
        existing[Relation(schema: "core", identifier: "c")] = nil
        let restored = SyncPlanner(compiled: before).plan(scope: Set(before.nodes.keys), state: Self.state(of: before), existing: existing)
        #expect(Self.changes(restored) == ["raw.items": .unchanged, "core.a": .unchanged, "core.b": .unchanged, "core.c": .missing, "core.f": .unchanged])
        #expect(restored.nodesToRebuild(missingOnly: true).count == 1)
    }

    @Test func recordedNodesThatLeftTheProjectAreOrphans() throws {
        let before = try Self.compile()
        var state = Self.state(of: before)
        state["model.strata.core.gone"] = NodeState(
            environment: "", nodeID: "model.strata.core.gone", relation: Relation(schema: "core", identifier: "gone"), materialization: "view",
            checksum: "x", parentChecksums: [:], compiledSQL: "", gitCommit: nil, gitDirty: false, builtAt: Date(), duration: 0, rowCount: nil, runID: "r")
        let plan = SyncPlanner(compiled: before).plan(scope: Set(before.nodes.keys), state: state, existing: Self.existing(before))
        #expect(plan.orphans.map(\.relation.description) == ["core.gone"])
        #expect(plan.hasChanges)
        #expect(plan.nodesToRebuild().isEmpty)
    }

    @Test func theDiffShowsChangedLinesWithContext() {
        let old = "select id,\n    price\nfrom raw.items\nwhere id > 0\n"
        let new = "select id,\n    price * 2 as price\nfrom raw.items\nwhere id > 0\n"
        #expect(LineDiff.changes(from: old, to: new) == ["  select id,", "-     price", "+     price * 2 as price", "  from raw.items"])
    }
}
