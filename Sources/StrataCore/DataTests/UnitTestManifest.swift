import Foundation
import StrataDiagnostics

/// A unit test's entry under the manifest's `unit_tests` key (dbt's `UnitTestDefinition`).
enum UnitTestManifest {
    static func entry(_ node: CompiledNode, targetPath: String, generatedAt: Date) -> JSON {
        let graphNode = node.graphNode
        let spec = node.unitTest
        let model = spec.map { $0.modelID.split(separator: ".").dropFirst(2).joined(separator: ".") } ?? ""
        return .sortedObject([
            "name": .string(graphNode.name),
            "resource_type": "unit_test",
            "package_name": .string(graphNode.packageName),
            "path": .string(spec?.file.path ?? graphNode.path),
            "original_file_path": .string(spec?.file.path ?? graphNode.path),
            "unique_id": .string(node.id),
            "fqn": .strings(graphNode.fqn),
            "model": .string(model),
            "attached_node": .optional(graphNode.attachedNodeID),
            "given": spec?.manifestGiven ?? .array([]),
            "expect": spec?.manifestExpect ?? .object([]),
            "overrides": spec?.manifestOverrides ?? .null,
            "description": .string(node.description),
            "schema": .string(graphNode.schema),
            "depends_on": .object([("macros", .strings(node.macros)), ("nodes", .strings(node.dependsOn))]),
            "config": .sortedObject([
                "tags": .strings(node.config.tags), "meta": .sortedObject(node.config.meta.mapValues(\.json)),
                "enabled": true,
            ]),
            "tags": .strings(node.config.tags),
            "checksum": .object([("name", "sha256"), ("checksum", .string(node.checksum))]),
            "compiled_code": .optional(node.compiledCode),
            "compiled_path": .string(PathText.join(targetPath, "compiled", graphNode.packageName, node.artifactPath)),
            "created_at": .double(generatedAt.timeIntervalSince1970),
            "version": .null,
            "versions": .null,
        ])
    }
}
