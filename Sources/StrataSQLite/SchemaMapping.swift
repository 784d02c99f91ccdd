public import StrataCore
import StrataSQL

/// SQLite has no schemas inside one database file, and a view stored in one attached database may not read
/// another; so Strata keeps every relation in one file and names it `"schema.identifier"` (the default schema
/// `main` keeps plain names), rewriting schema-qualified references in SQL through the SQL parser.
public enum SchemaMapping {
    /// The single identifier a relation is stored under.
    public static func physicalName(schema: String, identifier: String) -> String {
        schema.isEmpty || schema == "main" ? identifier : "\(schema).\(identifier)"
    }

    /// The relation a physical name stands for (the inverse of `physicalName`); nil for SQLite's own tables.
    public static func relation(physicalName name: String) -> Relation? {
        if name.hasPrefix("sqlite_") { return nil }
        guard let dot = name.firstIndex(of: ".") else { return Relation(schema: "main", identifier: name) }
        return Relation(schema: String(name[..<dot]), identifier: String(name[name.index(after: dot)...]))
    }

    /// The quoted physical name of a relation.
    public static func quoted(_ relation: Relation) -> String {
        Relation.quote(physicalName(schema: relation.schema, identifier: relation.identifier))
    }

    /// Rewrites every schema-qualified relation in a query to its physical name, adding the table name as an
    /// alias where the query had none so column qualifiers such as `deals.amount` keep resolving.
    public static func rewrite(_ sql: String) -> String {
        RelationRewriter.rewrite(sql, dialect: .sqlite) { reference in
            guard reference.parts.count >= 2 else { return nil }
            let schema = reference.parts[reference.parts.count - 2].text
            let name = reference.parts[reference.parts.count - 1].text
            if schema.lowercased() == "temp" { return nil }
            let physical = physicalName(schema: schema.lowercased() == "main" ? "main" : schema, identifier: name)
            return RelationRewrite(replacement: Relation.quote(physical), addsAliasWhenMissing: true)
        }.text
    }
}
