import Foundation
import StrataCore
import StrataTestSupport
import Testing

/// Materialized views and physical config through the `strata` binary, on SQLite and on PostgreSQL.
///
/// Covers `materialized: materialized_view` with its live twin, and `indexes`, `grants` and `persist_docs`, over
/// a project whose graph is
///
///     raw.items (seed) → core.snapshot (materialized view, with core.snapshot__rt beside it)
@Suite(.serialized) struct MaterializedViewCommandTests {
    typealias Engine = SyncCommandTests.Engine

    static let snapshotHeader = """
        /*---
        materialized: materialized_view
        description: Items as of the last build.
        columns:
          id: The item's id.
        indexes:
          - {columns: [id], unique: true}
          - {columns: [name], type: hash}
        grants:
          select: [strata_test_reader]
        persist_docs: {relation: true, columns: true}
        ---*/

        """

    /// A fresh project and an empty warehouse for one test (the sync tests' sandbox, with this project).
    static func sandbox(_ engine: Engine, name: String, snapshotSQL: String = "select id, name from raw.items\n") throws
        -> SyncCommandTests.Sandbox?
    {
        guard let sandbox = try SyncCommandTests.Sandbox(engine, name: "mv_\(name)") else { return nil }
        for model in ["core/a.sql", "core/b.sql", "mart/c.sql", "mart/d.sql", "mart/e.sql", "mart/f.sql"] {
            try FileManager.default.removeItem(atPath: sandbox.directory.path + "/models/" + model)
        }
        try sandbox.directory.write("models/core/snapshot.sql", snapshotHeader + snapshotSQL)
        if engine == .postgres {
            for role in ["strata_test_reader", "strata_test_other"] {
                _ = try sandbox.query(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN CREATE ROLE \(role); END IF; END $$"
                )
            }
        }
        return sandbox
    }

    static func counts(_ sandbox: SyncCommandTests.Sandbox) throws -> String {
        try sandbox.query(
            "select (select count(*) from \(sandbox.physical("core", "snapshot"))) as snapshot, (select count(*) from \(sandbox.physical("core", "snapshot__rt"))) as live"
        )
    }

    @Test(arguments: Engine.allCases) func theSnapshotLagsItsLiveTwinUntilTheNextBuild(engine: Engine) throws {
        guard let sandbox = try Self.sandbox(engine, name: "lag") else { return }
        defer { sandbox.directory.remove() }
        let first = try sandbox.strata(["build"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("OK created materialized_view core.snapshot"), "\(first.stderr)")
        #expect(try Self.counts(sandbox) == "snapshot,live\n3,3\n")

        _ = try sandbox.query("insert into \(sandbox.physical("raw", "items")) values (4, 'fig', 6)")
        #expect(try Self.counts(sandbox) == "snapshot,live\n3,4\n")
        // `run` leaves the seed alone, so the inserted row survives and the refresh picks it up.
        let second = try sandbox.strata(["run"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.counts(sandbox) == "snapshot,live\n4,4\n")
    }

    @Test(arguments: Engine.allCases) func aPrunedMaterializedViewTakesItsTwinAlong(engine: Engine) throws {
        guard let sandbox = try Self.sandbox(engine, name: "prune") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        try FileManager.default.removeItem(atPath: sandbox.directory.path + "/models/core/snapshot.sql")
        let prune = try sandbox.strata(["sync", "--prune"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(
            prune.stderr.contains("dropped materialized_view core.snapshot (no longer in the project)"),
            "\(prune.stderr)")
        #expect(try sandbox.strata(["query", "select * from \(sandbox.physical("core", "snapshot__rt"))"]).status != 0)
    }

    @Test func sqliteCreatesTheConfiguredIndexes() throws {
        guard let sandbox = try Self.sandbox(.sqlite, name: "ix") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        let indexes = try sandbox.query(
            "select tbl_name, sql like 'CREATE UNIQUE%' as is_unique from sqlite_master where type = 'index' and tbl_name = 'core.snapshot' order by 2"
        )
        #expect(indexes == "tbl_name,is_unique\ncore.snapshot,0\ncore.snapshot,1\n")
    }

    @Test func malformedIndexesConfigIsAClearError() throws {
        guard let sandbox = try Self.sandbox(.sqlite, name: "bad") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write(
            "models/core/snapshot.sql",
            "/*---\nmaterialized: table\nindexes:\n  - {columns: id, unique: maybe}\n---*/\nselect 1 as id\n")
        let output = try sandbox.strata(["run"])
        #expect(output.status == 1)
        #expect(
            output.stderr.contains(
                "models/core/snapshot.sql: error: model 'core.snapshot': indexes[0].columns must be a non-empty list of column names [P1090]"
            ), "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "   = help: write indexes: [{columns: [id], unique: true, type: btree}] (type: btree, hash, gist, gin or brin)\n"
            ), "\(output.stderr)")
    }

    // MARK: - PostgreSQL

    /// The snapshot's storage file: a plain refresh writes a new one, `CONCURRENTLY` updates rows in place.
    static func storage(_ sandbox: SyncCommandTests.Sandbox) throws -> String {
        try sandbox.query(
            "select 'core.snapshot'::regclass::oid::text || '/' || pg_relation_filenode('core.snapshot') as storage")
    }

    @Test func anUnchangedDefinitionIsRefreshedConcurrentlyWithAUniqueIndexAndPlainlyWithout() throws {
        guard let sandbox = try Self.sandbox(.postgres, name: "refresh") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        let built = try Self.storage(sandbox)
        // Reformatting and a comment do not change the definition PostgreSQL prints back.
        try sandbox.directory.write(
            "models/core/snapshot.sql",
            Self.snapshotHeader + "-- reformatted\nSELECT id,\n       name\n  FROM raw.items\n")
        let run = try sandbox.strata(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.storage(sandbox) == built, "same object, same storage: refreshed concurrently")

        let withoutUnique = Self.snapshotHeader.replacingOccurrences(of: "unique: true", with: "unique: false")
        try sandbox.directory.write("models/core/snapshot.sql", withoutUnique + "select id, name from raw.items\n")
        #expect(try sandbox.strata(["run"]).status == 0)
        let after = try Self.storage(sandbox)
        #expect(
            after.split(separator: "/").first == built.split(separator: "/").first, "same object: \(after) vs \(built)")
        #expect(after != built, "a plain refresh rewrites the storage")
        #expect(
            try sandbox.query(
                "select count(*) as n from pg_indexes where schemaname = 'core' and tablename = 'snapshot' and indexdef like 'CREATE UNIQUE%'"
            ) == "n\n0\n")
    }

    @Test func aChangedDefinitionRebuildsTheSnapshotAndItsTwin() throws {
        guard let sandbox = try Self.sandbox(.postgres, name: "rebuild") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        let built = try Self.storage(sandbox)
        try sandbox.directory.write(
            "models/core/snapshot.sql", Self.snapshotHeader + "select id, name, price from raw.items\n")
        let run = try sandbox.strata(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            try Self.storage(sandbox).split(separator: "/").first != built.split(separator: "/").first,
            "a new object was swapped in")
        #expect(try sandbox.query("select sum(price) as total from core.snapshot") == "total\n12\n")
        #expect(try sandbox.query("select sum(price) as total from core.snapshot__rt") == "total\n12\n")
        #expect(
            try sandbox.query(
                "select count(*) as n from pg_indexes where schemaname = 'core' and tablename = 'snapshot'") == "n\n2\n"
        )
    }

    @Test func becomingATableDropsTheTwin() throws {
        guard let sandbox = try Self.sandbox(.postgres, name: "switch") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        try sandbox.directory.write(
            "models/core/snapshot.sql", "/*---\nmaterialized: table\n---*/\nselect id, name from raw.items\n")
        let run = try sandbox.strata(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            try sandbox.query(
                "select to_regclass('core.snapshot__rt') is null as gone, (select relkind::text from pg_class where oid = 'core.snapshot'::regclass) as kind"
            ) == "gone,kind\ntrue,r\n")
    }

    @Test func indexesGrantsAndCommentsFollowTheConfig() throws {
        guard let sandbox = try Self.sandbox(.postgres, name: "physical") else { return }
        defer { sandbox.directory.remove() }
        #expect(try sandbox.strata(["build"]).status == 0)
        let indexes = try sandbox.query(
            """
            select am.amname as type, i.indisunique as is_unique, pg_get_indexdef(i.indexrelid, 1, true) as column_name
            from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
            where i.indrelid = 'core.snapshot'::regclass order by 3
            """)
        #expect(indexes == "type,is_unique,column_name\nbtree,true,id\nhash,false,name\n")
        let privileges = """
            select has_table_privilege('strata_test_reader', 'core.snapshot', 'select') as snapshot,
                   has_table_privilege('strata_test_reader', 'core.snapshot__rt', 'select') as live,
                   has_table_privilege('strata_test_other', 'core.snapshot', 'select') as other
            """
        #expect(try sandbox.query(privileges) == "snapshot,live,other\ntrue,true,false\n")
        #expect(
            try sandbox.query(
                "select obj_description('core.snapshot'::regclass) as relation, col_description('core.snapshot'::regclass, 1) as id"
            )
                == "relation,id\nItems as of the last build.,The item's id.\n")

        // A grant made by hand for a configured privilege is revoked (dbt's semantics); a dropped index goes.
        _ = try sandbox.query("grant select on core.snapshot to strata_test_other")
        let edited = Self.snapshotHeader.replacingOccurrences(of: "  - {columns: [name], type: hash}\n", with: "")
        try sandbox.directory.write("models/core/snapshot.sql", edited + "select id, name from raw.items\n")
        let run = try sandbox.strata(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.query(privileges) == "snapshot,live,other\ntrue,true,false\n")
        #expect(
            try sandbox.query(
                "select count(*) as n from pg_indexes where schemaname = 'core' and tablename = 'snapshot'") == "n\n1\n"
        )
    }

    @Test func tablesAndSeedsGetTheirIndexesAcrossRebuilds() throws {
        guard let sandbox = try Self.sandbox(.postgres, name: "tables") else { return }
        defer { sandbox.directory.remove() }
        try sandbox.directory.write(
            "models/core/snapshot.sql",
            "/*---\nmaterialized: table\nindexes: [{columns: [id], unique: true}]\n---*/\nselect id, name from raw.items\n"
        )
        try sandbox.directory.write(
            "strata.yml", "name: mvproj\nseeds:\n  mvproj:\n    +indexes: [{columns: [name]}]\n")
        for _ in 0..<2 {
            let build = try sandbox.strata(["build"])
            #expect(build.status == 0, "\(build.stderr)")
            #expect(
                try sandbox.query(
                    "select tablename, count(*) as n from pg_indexes where schemaname in ('core', 'raw') group by 1 order by 1"
                )
                    == "tablename,n\nitems,1\nsnapshot,1\n")
        }
    }
}
