import Foundation
import StrataSQL

/// Builds a project into an isolated environment (`--env pr42`): the nodes being built go to `<schema>__pr42`,
/// and their SQL reads the environment's copy of every relation that is built there and production's copy of
/// everything else (dbt's `--defer`), so an environment holds only what differs from production.
public enum EnvironmentOverlay {
    /// The environment's schema for a production schema.
    public static func schema(_ schema: String, environment: String) -> String { "\(schema)__\(environment)" }

    /// Whether an environment name is usable inside schema names.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 30
            && name.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
    }

    /// The project with the nodes in `building` (and the tests reading them) moved into the environment.
    /// - Parameters:
    ///   - compiled: the project as compiled for production.
    ///   - environment: the environment's name.
    ///   - building: unique ids of the nodes the environment builds.
    /// - Returns: the project to run.
    public static func apply(_ compiled: CompiledProject, environment: String, building: Set<String>) -> CompiledProject {
        var moved: [String: Relation] = [:]
        var quotedReplacements: [(String, String)] = []
        for id in building {
            guard let node = compiled.nodes[id], node.isExecutable, node.graphNode.resourceType != .test, let relation = node.relation else {
                continue
            }
            let target = Relation(database: relation.database, schema: schema(relation.schema, environment: environment), identifier: relation.identifier)
            moved[key(relation.schema, relation.identifier)] = target
            quotedReplacements.append((relation.quoted, target.quoted))
        }
        let dialect: Dialect = compiled.target.type == "sqlite" ? .sqlite : .postgres
        var result = compiled
        let testsReadingMoved = compiled.tests(reading: building)
        for (id, node) in compiled.nodes {
            let isMoved = building.contains(id) && node.graphNode.resourceType != .test
            let readsMoved = testsReadingMoved.contains(id)
            guard isMoved || readsMoved else { continue }
            var node = node
            if isMoved, let relation = node.relation, let target = moved[key(relation.schema, relation.identifier)] { node.relation = target }
            if let sql = node.compiledCode {
                node.compiledCode = RelationRewriter.rewrite(sql, dialect: dialect) { reference in
                    guard let schema = reference.schema else { return nil }
                    let parts = [schema, reference.name].map { $0.isQuoted ? $0.text : $0.text.lowercased() }
                    guard let target = moved[key(parts[0], parts[1])] else { return nil }
                    return RelationRewrite(replacement: target.quoted, addsAliasWhenMissing: true)
                }.text
            }
            // Hooks are not always queries the parser reads; `{{ this }}` renders quoted, which is what they name.
            node.preHookSQL = node.preHookSQL.map { replacing(quotedReplacements, in: $0) }
            node.postHookSQL = node.postHookSQL.map { replacing(quotedReplacements, in: $0) }
            result.nodes[id] = node
        }
        return result
    }

    private static func key(_ schema: String, _ name: String) -> String { "\(schema.lowercased()).\(name.lowercased())" }

    private static func replacing(_ replacements: [(String, String)], in text: String) -> String {
        replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
