import Foundation
import StrataDiagnostics
import StrataJinja

/// `{% docs name %}...{% enddocs %}` blocks from Markdown files and `{{ doc('name') }}` in YAML descriptions.
struct DocsBlocks: Sendable {
    static let unknownDoc: DiagnosticCode = "G4005"

    /// Block text by name (the root project's blocks win over a package's of the same name).
    var blocks: [String: String] = [:]

    /// Collects the blocks of every docs file; parse errors are reported and the file skipped.
    init(project: Project, options: ParseOptions, diagnostics: DiagnosticCollector) {
        for file in project.docFiles {
            do {
                let template = try Template.parse(file, options: options)
                let utf8 = Array(file.text.utf8)
                for block in template.namedBlocks where block.kind == "docs" {
                    let span = block.bodySpan
                    guard span.start >= 0, span.end <= utf8.count, span.start <= span.end else { continue }
                    let text = String(decoding: utf8[span.start..<span.end], as: UTF8.self)
                    blocks[block.name] = text.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            } catch {
                diagnostics.emit(error)
            }
        }
    }

    init(blocks: [String: String]) { self.blocks = blocks }

    /// `doc('name')` or `doc('package', 'name')`.
    func function() -> HostFunction.Body {
        let blocks = blocks
        return { arguments, _ in
            let names = arguments.positional.compactMap(\.stringValue)
            guard let name = names.last, (1...2).contains(names.count) else {
                throw TemplateError(.jinjaArguments, "doc() takes the name of a docs block", help: "write {{ doc('orders') }}")
            }
            if let text = blocks[name] { return .string(text) }
            let suggestion = EditDistance.suggestion(for: name, among: blocks.keys).map { "did you mean '\($0)'?" }
            throw TemplateError(
                DocsBlocks.unknownDoc, "unknown docs block '\(name)' in doc()",
                help: suggestion ?? "define it with {% docs \(name) %}...{% enddocs %} in a .md file",
                label: "no docs block with this name", target: .argument(names.count - 1))
        }
    }

    /// Placeholder before the project's blocks are known.
    static let doc: HostFunction.Body = { _, _ in .string("") }

    /// Renders descriptions that use templating (`{{ doc('...') }}`) on every node and column.
    /// Errors name the properties file the description came from (`patchPath`, asked by node id only for a description that is rendered) where known.
    static func resolveDescriptions(
        in nodes: inout [String: CompiledNode], environment: Environment, diagnostics: DiagnosticCollector,
        patchPath: (String) -> String? = { _ in nil }
    ) {
        func render(_ text: String, owner: String, file: SourceFile?) -> String {
            guard text.containsBytes("{{") || text.containsBytes("{%") else { return text }
            let path = patchPath(owner) ?? file?.path ?? owner
            let source = SourceFile(path: "\(path) (description of \(owner))", text: text)
            do throws(Diagnostic) {
                let template = try environment.parse(source)
                return try environment.render(template).text
            } catch {
                diagnostics.emit(error)
                return text
            }
        }
        // Tens of thousands of nodes, a handful with templates: found on all cores, then rendered in place.
        let needsWork = ParallelMap.map(Array(nodes.values), serialBelow: 1024, chunkSize: 256) { node in
            node.description.containsBytes("{") || node.columns.contains { $0.description.containsBytes("{") }
        }
        for (index, needed) in zip(nodes.values.indices, needsWork) where needed {
            let id = nodes.keys[index]
            let file = nodes.values[index].file
            nodes.values[index].description = render(nodes.values[index].description, owner: id, file: file)
            for column in nodes.values[index].columns.indices {
                nodes.values[index].columns[column].description = render(
                    nodes.values[index].columns[column].description, owner: id, file: file)
            }
        }
    }
}

/// `graph` in templates: `graph.nodes` and `graph.sources` by unique id, as dbt's parse-time manifest shows them.
enum GraphContext {
    static func value(_ project: Project) -> Value {
        var nodes: [(String, Value)] = []
        for model in project.models {
            nodes.append((model.id, .dict([
                ("unique_id", .string(model.id)), ("name", .string(model.name)), ("resource_type", .string(model.resourceType.rawValue)),
                ("package_name", .string(model.packageName)), ("path", .string(model.relativePath)),
                ("original_file_path", .string(model.path)), ("fqn", .list(model.fqn.map(Value.string))),
                ("config", Value(config: .dict(model.config.values))), ("description", .string(model.description)),
                ("tags", .list(model.config.tags.map(Value.string))), ("raw_code", .string(model.blockBody ?? model.file.text)),
                ("columns", columns(model.columns)),
            ])))
        }
        for seed in project.seeds {
            nodes.append((seed.id, .dict([
                ("unique_id", .string(seed.id)), ("name", .string(seed.name)), ("resource_type", .string("seed")),
                ("package_name", .string(seed.packageName)), ("path", .string(seed.relativePath)),
                ("original_file_path", .string(seed.path)), ("fqn", .list(seed.fqn.map(Value.string))),
                ("config", Value(config: .dict(seed.config.values))), ("description", .string(seed.description)),
                ("columns", columns(seed.columns)),
            ])))
        }
        let sources: [(String, Value)] = project.sources.map { source in
            (source.id, .dict([
                ("unique_id", .string(source.id)), ("name", .string(source.tableName)),
                ("source_name", .string(source.sourceName)), ("resource_type", .string("source")),
                ("package_name", .string(source.packageName)), ("original_file_path", .string(source.path)),
                ("schema", .string(source.relation.schema)), ("identifier", .string(source.relation.identifier)),
                ("database", source.relation.database.map(Value.string) ?? .none),
                ("description", .string(source.description)), ("tags", .list(source.tags.map(Value.string))),
                ("columns", columns(source.columns)),
            ]))
        }
        return .dict([("nodes", .dict(nodes)), ("sources", .dict(sources)), ("exposures", .dict([])), ("metrics", .dict([]))])
    }

    private static func columns(_ columns: [ColumnInfo]) -> Value {
        .dict(columns.map { column in
            (column.name, .dict([
                ("name", .string(column.name)), ("description", .string(column.description)),
                ("data_type", column.dataType.map(Value.string) ?? .none),
            ]))
        })
    }
}
