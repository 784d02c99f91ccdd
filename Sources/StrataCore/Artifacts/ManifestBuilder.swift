import Foundation
import StrataDiagnostics

/// Builds `manifest.json` following dbt's v12 schema, so tools that read dbt artifacts read ours.
struct ManifestBuilder {
    let compiled: CompiledProject
    let invocationID: String
    let generatedAt: Date
    /// Whether nodes carry their compiled SQL (`compiled_code`, `compiled_path`): not after `parse`, as in dbt's, whose
    /// nodes are parsed, not compiled.
    var includesCompiledCode = true

    /// The manifest's text.
    func encoded() -> String {
        let text = ByteBuffer(capacity: 1 << 16)
        write { text.append(contentsOf: $0.bytes) }
        return String(decoding: text.bytes, as: UTF8.self)
    }

    /// Produces the manifest piece by piece. A 10,000-model manifest is tens of megabytes: its nodes are built
    /// and encoded on all cores a few thousand at a time and handed to `sink` in order, so the whole text is never
    /// held in memory at once. Each piece is the sink's to keep: it is not written to again.
    func write(to sink: (ByteBuffer) throws -> Void) rethrows {
        let operations = hookOperations()
        let createdAt = Self.encoded(.double(generatedAt.timeIntervalSince1970))
        // The large parts are written straight into slots of the rest.
        let slots = ["nodes", "sources", "parent_map", "child_map"]
        var skeleton: [UInt8] = []
        document(placeholder: Self.placeholder, operations: operations).encode(into: &skeleton)
        var pieces: [(range: Range<Int>, slot: String)] = []
        for slot in slots {
            var slotText: [UInt8] = []
            JSON.string(Self.placeholder(slot)).encode(into: &slotText)
            guard let range = ByteSearch.firstRange(of: slotText, in: skeleton) else { return try sink(ByteBuffer(skeleton)) }
            pieces.append((range, slot))
        }
        // Both maps are made on a thread of their own while this one writes the nodes, which come first.
        let maps = BackgroundWork { [self] in
            let encodedIDs = EncodedIDs(compiled.graph)
            return (
                parents: adjacency(compiled.graph.parentIndices, encodedIDs: encodedIDs, operations: operations.keys),
                children: adjacency(compiled.graph.childIndices, encodedIDs: encodedIDs, operations: operations.keys))
        }
        var position = 0
        for piece in pieces.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            try sink(ByteBuffer(skeleton[position..<piece.range.lowerBound]))
            switch piece.slot {
            case "nodes": try writeNodes(operations: operations, createdAt: createdAt, to: sink)
            case "sources":
                let out = ByteBuffer(capacity: 1 << 16)
                writeSources(createdAt: createdAt, into: out)
                try sink(out)
            case "parent_map": try sink(maps.value.parents)
            default: try sink(maps.value.children)
            }
            position = piece.range.upperBound
        }
        try sink(ByteBuffer(skeleton[position...]))
    }

    private static func placeholder(_ slot: String) -> String { "\u{1}strata-\(slot)\u{1}" }

    /// The nodes object, built and encoded on all cores a few thousand nodes at a time, handed on in order.
    private func writeNodes(operations: [String: JSON], createdAt: [UInt8], to sink: (ByteBuffer) throws -> Void) rethrows {
        try sink(ByteBuffer([UInt8(ascii: "{")]))
        let ids = nodeIDs(operations: operations)
        let chunkSize = 64, wave = 32 * chunkSize
        for waveStart in stride(from: 0, to: ids.count, by: wave) {
            let chunks = stride(from: waveStart, to: min(waveStart + wave, ids.count), by: chunkSize).map {
                ids[$0..<min($0 + chunkSize, ids.count)]
            }
            let encoded = ParallelMap.map(chunks, serialBelow: 2, chunkSize: 1) { chunk in
                let out = ByteBuffer(capacity: chunk.count * 4096)
                let nodes = compiled.nodes
                createdAt.withUnsafeBufferPointer { createdAt in
                    let shared = SharedTexts(compiled, createdAt: createdAt)
                    for index in chunk.indices {  // a slice of `ids`: index 0 is the document's first node
                        let id = chunk[index]
                        if index > 0 { out.append(UInt8(ascii: ",")) }
                        JSON.encode(string: id, into: out)
                        out.append(UInt8(ascii: ":"))
                        if let node = nodes[id] { writeNode(node, shared: shared, into: out) } else { (operations[id] ?? .null).encode(into: out) }
                    }
                }
                return out
            }
            for piece in encoded { try sink(piece) }
        }
        try sink(ByteBuffer([UInt8(ascii: "}")]))
    }

    /// The ids of the entries of `nodes`, sorted: in the graph's order (already sorted) when the graph holds exactly
    /// those nodes, as it does unless hooks add operations; otherwise sorted here.
    private func nodeIDs(operations: [String: JSON]) -> [String] {
        func isListed(_ type: ResourceType) -> Bool {
            switch type {
            case .source, .unitTest: false
            default: true
            }
        }
        // The graph is over the compiled nodes (the same count of listed ones tells that no other node replaced one):
        // its own types are read rather than each id looked up.
        let graph = compiled.graph
        var ids: [String] = []
        ids.reserveCapacity(graph.count)
        for index in graph.indicesByID where isListed(graph.nodes[index].resourceType) { ids.append(graph.nodes[index].id) }
        if operations.isEmpty, ids.count == compiled.nodes.values.count(where: { isListed($0.graphNode.resourceType) }) { return ids }
        return (compiled.nodes.compactMap { id, node in isListed(node.graphNode.resourceType) ? id : nil } + operations.keys).sorted()
    }

    /// Every graph node's id as JSON text, one after another in one buffer: each id is written once per edge end
    /// in both maps, and read in place there (an array per id was retained for each by both maps' threads).
    private struct EncodedIDs: Sendable {
        let text: ByteBuffer
        /// Where node `i`'s id starts in `text`; `starts[i + 1]` is where it ends.
        private(set) var starts: [Int] = [0]

        init(_ graph: Graph) {
            // Written one after another into one buffer: escaping an id is a copy for nearly all of them, cheaper
            // than a buffer of its own per node.
            text = ByteBuffer(capacity: graph.count * 64)
            starts.reserveCapacity(graph.count + 1)
            for node in graph.nodes {
                JSON.encode(string: node.id, into: text)
                starts.append(text.count)
            }
        }
    }

    /// dbt's `parent_map` or `child_map` (every node's id, sorted, to its sorted neighbours; hooks to none), written
    /// from the graph's own sorted order and adjacency lists instead of a dictionary of string arrays sorted again.
    private func adjacency(_ neighbours: [[Int]], encodedIDs: EncodedIDs, operations: some Collection<String>) -> ByteBuffer {
        let graph = compiled.graph
        let bytes = ByteBuffer(capacity: encodedIDs.text.count * 3)
        bytes.append(UInt8(ascii: "{"))
        var hooks = operations.sorted()[...]
        // Read in place: `encodedIDs` holds the buffer for the whole call.
        let text = encodedIDs.text.bytes
        withExtendedLifetime(encodedIDs) { encodedIDs.starts.withUnsafeBufferPointer { starts in
            func id(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[starts[index]..<starts[index + 1]]) }
            func separate() {
                if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }  // after the opening brace
            }
            func open(_ key: UnsafeBufferPointer<UInt8>) {
                separate()
                bytes.append(contentsOf: key)
                bytes.append(":[")
            }
            func hookEntry(_ hook: String) {
                separate()
                JSON.encode(string: hook, into: bytes)
                bytes.append(":[]")
            }
            for index in graph.indicesByID {
                if !hooks.isEmpty {
                    let nodeID = graph.nodes[index].id
                    while let hook = hooks.first, hook < nodeID { hookEntry(hooks.removeFirst()) }
                    // A hook with a node's id replaces the node's entry, as merging the dictionaries did.
                    if hooks.first == nodeID {
                        hooks.removeFirst()
                        open(id(index))
                        bytes.append(UInt8(ascii: "]"))
                        continue
                    }
                }
                open(id(index))
                for (position, neighbour) in neighbours[index].enumerated() {
                    if position > 0 { bytes.append(UInt8(ascii: ",")) }
                    bytes.append(contentsOf: id(neighbour))
                }
                bytes.append(UInt8(ascii: "]"))
            }
            for hook in hooks { hookEntry(hook) }
        } }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private func document(placeholder: (String) -> String, operations: [String: JSON]) -> JSON {
        var macros: [String: JSON] = [:]
        for macro in compiled.macros { macros[macro.uniqueID] = self.macro(macro) }
        let empty = JSON.object([])
        // dbt's order: readers that stream the document find the metadata first, and the maps, made from the graph
        // while the nodes are written, come after them.
        return .object([
            ("metadata", metadata()),
            ("nodes", .string(placeholder("nodes"))),
            ("sources", .string(placeholder("sources"))),
            ("macros", .sortedObject(macros)),
            ("docs", empty), ("exposures", empty), ("metrics", empty), ("groups", empty), ("selectors", empty), ("disabled", empty),
            ("parent_map", .string(placeholder("parent_map"))),
            ("child_map", .string(placeholder("child_map"))),
            ("group_map", empty), ("saved_queries", empty), ("semantic_models", empty), ("unit_tests", unitTests()),
            ("functions", empty),
        ])
    }

    private func unitTests() -> JSON {
        var entries: [String: JSON] = [:]
        for node in compiled.nodes.values where node.graphNode.resourceType == .unitTest {
            entries[node.id] = UnitTestManifest.entry(node, targetPath: compiled.project.settings.targetPath, generatedAt: generatedAt)
        }
        return .sortedObject(entries)
    }

    /// `on-run-start`/`on-run-end` hooks, which dbt lists as `operation` nodes.
    private func hookOperations() -> [String: JSON] {
        var operations: [String: JSON] = [:]
        let project = compiled.project.name
        for (kind, hooks) in [("on-run-start", compiled.onRunStartSQL), ("on-run-end", compiled.onRunEndSQL)] {
            for (index, sql) in hooks.enumerated() {
                let name = "\(project)-\(kind)-\(index)"
                var entry: [String: JSON] = [
                    "name": .string(name), "resource_type": "operation", "package_name": .string(project),
                    "unique_id": .string("operation.\(project).\(name)"), "fqn": .strings([project, "hooks", name]),
                    "path": .string("hooks/\(name).sql"), "original_file_path": "./dbt_project.yml", "index": .int(index),
                    "raw_code": .string(sql), "language": "sql",
                    "depends_on": .object([("macros", .array([])), ("nodes", .array([]))]),
                    "tags": .strings([kind]), "config": .object([("enabled", true), ("materialized", "view")]),
                ]
                if includesCompiledCode { entry["compiled_code"] = .string(sql) }
                operations["operation.\(project).\(name)"] = .sortedObject(entry)
            }
        }
        return operations
    }

    private func metadata() -> JSON {
        .sortedObject([
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json",
            "dbt_version": .string(StrataVersion.dbtCompatible),
            "generated_at": .string(ArtifactDate.string(generatedAt)),
            "invocation_id": .string(invocationID),
            "env": .object([]),
            "project_name": .string(compiled.project.name),
            "project_id": .string(String(SHA256.hex(compiled.project.name).prefix(32))),
            "user_id": .null,
            "send_anonymous_usage_stats": false,
            "adapter_type": .string(compiled.target.type),
            "generator": .string("strata \(StrataVersion.current)"),
        ])
    }

    /// What every node's entry shares, taken out of `compiled` once for a chunk of nodes: reached through
    /// `compiled` for each node, each was retained and released by both cores' workers, which then took turns at
    /// its cache line.
    private struct SharedTexts {
        let database: String, schema: String, rootPath: String
        let compiledFolder: String
        let createdAt: UnsafeBufferPointer<UInt8>

        init(_ compiled: CompiledProject, createdAt: UnsafeBufferPointer<UInt8>) {
            database = compiled.target.database
            schema = compiled.target.schema
            rootPath = compiled.project.rootPath
            compiledFolder = PathText.join(compiled.project.settings.targetPath, "compiled")
            self.createdAt = createdAt
        }
    }

    /// A node's entry, written straight into `out`. There are tens of thousands, so instead of a JSON tree per
    /// node the members are written in key order (the few only some nodes have in their places).
    private func writeNode(_ node: CompiledNode, shared: SharedTexts, into out: ByteBuffer) {
        // Fields are read from the nodes' boxes in place: through the nodes' member accessors each string and
        // array was copied out, a reference count apiece on memory long out of cache in a large project.
        let box = node.storage.box, graphBox = box.fields.graphNode.storage.box
        let isBuilt = switch graphBox.fields.resourceType {
        case .model, .seed, .snapshot: true
        default: false
        }
        let code = includesCompiledCode ? box.fields.compiledCode : nil
        let isTest = graphBox.fields.resourceType == .test
        var members = JSONMembers(out)
        defer { members.finish() }
        members.raw("access", Self.protectedText)
        members.string("alias", box.fields.relation?.identifier ?? graphBox.fields.name)
        if isTest { members.optional("attached_node", graphBox.fields.attachedNodeID) }
        members.raw("build_path", Self.nullText)
        // No checksum (a generic test's) is dbt's `{"name": "none", "checksum": ""}`.
        members.object("checksum") { checksum in
            checksum.raw("name", box.fields.checksum.isEmpty ? Self.noneText : Self.sha256Text)
            checksum.string("checksum", box.fields.checksum)
        }
        if isTest { members.optional("column_name", box.fields.testMetadata?.columnName) }
        Self.writeColumns(box.fields.columns, into: &members)
        if let code {
            members.raw("compiled", Self.trueText)
            members.string("compiled_code", code)
        }
        members.optional("compiled_path", code.map { _ in
            PathText.join(shared.compiledFolder, graphBox.fields.packageName, node.artifactPath)
        })
        writeConfig(node, into: &members)
        members.raw("constraints", Self.emptyArrayText)
        members.raw("contract", Self.contractText)
        members.raw("created_at", shared.createdAt)
        members.string("database", shared.database)
        members.object("depends_on") { dependsOn in
            dependsOn.strings("macros", box.fields.macros)
            dependsOn.strings("nodes", box.fields.dependsOn)
        }
        members.raw("deprecation_date", Self.nullText)
        members.string("description", box.fields.description)
        members.raw("docs", Self.docsText)
        if code != nil {
            members.raw("extra_ctes", Self.emptyArrayText)
            members.raw("extra_ctes_injected", Self.trueText)
        }
        // Only generic tests (those with test metadata) have a file key name.
        if isTest, box.fields.testMetadata != nil, let attached = graphBox.fields.attachedNodeID {
            members.string("file_key_name", DataTestManifest.fileKeyName(attached: attached))
        }
        members.strings("fqn", graphBox.fields.fqn)
        members.raw("group", Self.nullText)
        members.string("language", Self.language(node))
        members.raw("latest_version", Self.nullText)
        members.sorted("meta", box.fields.config.meta)
        members.raw("metrics", Self.emptyArrayText)
        members.string("name", isBuilt ? (graphBox.fields.fqn.last ?? graphBox.fields.name) : graphBox.fields.name)
        members.string("original_file_path", graphBox.fields.path)
        members.string("package_name", graphBox.fields.packageName)
        members.raw("patch_path", Self.nullText)
        members.string("path", relativePath(node))
        members.string("raw_code", box.fields.rawCode)
        members.objects("refs", box.fields.refs) { parts, ref in
            ref.string("name", parts.last ?? "")
            ref.optional("package", parts.count == 2 ? parts[0] : nil)
            ref.raw("version", Self.nullText)
        }
        if box.fields.materialization == "ephemeral" {
            members.raw("relation_name", Self.nullText)
        } else {
            members.optional("relation_name", box.fields.relation?.quoted)
        }
        members.string("resource_type", graphBox.fields.resourceType.rawValue)
        if graphBox.fields.resourceType == .seed { members.string("root_path", shared.rootPath) }
        members.string("schema", box.fields.relation?.schema ?? shared.schema)
        members.json("sources", .array(box.fields.sources.map(JSON.strings)))
        members.strings("tags", box.fields.config.tags)
        if isTest, let metadata = box.fields.testMetadata { DataTestManifest.writeMetadata(metadata, into: &members) }
        members.string("unique_id", box.fields.id)
        members.raw("unrendered_config", JSONMembers.emptyObjectText)
        members.raw("version", Self.nullText)
    }

    private static func encoded(_ value: JSON) -> [UInt8] {
        var bytes: [UInt8] = []
        value.encode(into: &bytes)
        return bytes
    }

    // JSON texts every node's entry shares, as static strings: appending one counts no references, where a shared
    // array was retained and released by both cores' workers for every node, each taking its cache line from the
    // other. `ManifestTextsTests` checks each against the JSON value it stands for.
    static let nullText: StaticString = "null"
    static let trueText: StaticString = "true"
    static let emptyArrayText: StaticString = "[]"
    static let protectedText: StaticString = #""protected""#
    static let sha256Text: StaticString = #""sha256""#
    static let noneText: StaticString = #""none""#
    static let contractText: StaticString = #"{"enforced":false,"alias_types":true,"checksum":null}"#
    static let docsText: StaticString = #"{"show":true,"node_color":null}"#
    static let enabledConfigText: StaticString = #"{"enabled":true}"#

    /// The `sources` object: every source's entry, by id. The catalog fields (`loader`, `meta`, `freshness`, ...)
    /// come from the typed `Source`.
    private func writeSources(createdAt: [UInt8], into out: ByteBuffer) {
        let declared = Dictionary(compiled.project.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let nodes = compiled.nodes.values.filter { $0.graphNode.resourceType == .source }.sorted { $0.id < $1.id }
        var object = JSONMembers(out)
        defer { object.finish() }
        for node in nodes {
            object.object(key: node.id) { writeSource(node, declared: declared[node.id], createdAt: createdAt, into: &$0) }
        }
    }

    private func writeSource(_ node: CompiledNode, declared: Source?, createdAt: [UInt8], into members: inout JSONMembers) {
        let graphNode = node.graphNode
        let fqn = graphNode.fqn
        Self.writeColumns(node.columns, into: &members)
        members.raw("config", Self.enabledConfigText)
        members.raw("created_at", createdAt)
        members.string("database", compiled.target.database)
        members.string("description", node.description)
        members.raw("external", Self.nullText)
        members.strings("fqn", fqn)
        members.json("freshness", declared?.freshness?.json ?? FreshnessRule().json)
        members.string("identifier", node.relation?.identifier ?? "")
        members.optional("loaded_at_field", declared?.loadedAtField)
        members.string("loader", declared?.loader ?? "")
        members.sorted("meta", declared?.meta ?? node.config.meta)
        members.string("name", fqn.last ?? graphNode.name)
        members.string("original_file_path", graphNode.path)
        members.string("package_name", graphNode.packageName)
        members.raw("patch_path", Self.nullText)
        members.string("path", graphNode.path)
        members.raw("quoting", JSONMembers.emptyObjectText)
        members.optional("relation_name", node.relation?.quoted)
        members.string("resource_type", "source")
        members.string("schema", node.relation?.schema ?? "")
        members.string("source_description", node.config["__source_description"]?.stringValue ?? "")
        members.sorted("source_meta", declared?.sourceMeta ?? [:])
        members.string("source_name", fqn.count >= 3 ? fqn[fqn.count - 2] : "")
        members.strings("tags", node.config.tags)
        members.string("unique_id", node.id)
        members.raw("unrendered_config", JSONMembers.emptyObjectText)
    }

    // Parts every node's entry shares, built once rather than for each of tens of thousands of nodes.
    static let contract: JSON = .object([("enforced", false), ("alias_types", true), ("checksum", .null)])
    static let docs: JSON = .object([("show", true), ("node_color", .null)])
    /// The defaults of a node's `config`, in key order, encoded once as one text (`"access":"protected",...`):
    /// a node's own values go in between, and the runs of defaults between them are copied whole.
    private struct ConfigDefaults: @unchecked Sendable {  // its buffers are written once, in `init`
        // Made once and kept for the process's life in buffers of their own: a copy of the struct for each node
        // then counts no references (arrays here were retained by both cores' workers for every node).
        let keys: UnsafeBufferPointer<String>
        /// The members, each followed by a comma.
        let text: UnsafeBufferPointer<UInt8>
        /// Where each member starts in `text`, and its end.
        let offsets: UnsafeBufferPointer<Int>

        init(_ defaults: KeyValuePairs<String, JSON>) {
            let keys = defaults.map(\.key)
            var text: [UInt8] = [], offsets: [Int] = []
            for (key, value) in defaults {
                offsets.append(text.count)
                text += JSONMembers.encoded(key, value)
                text.append(UInt8(ascii: ","))
            }
            offsets.append(text.count)
            assert(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "defaults are not in key order")
            func kept<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
                let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: elements.count)
                _ = buffer.initialize(from: elements)
                return UnsafeBufferPointer(buffer)
            }
            (self.keys, self.text, self.offsets) = (kept(keys), kept(text), kept(offsets))
        }

        /// Appends the defaults `range` (indices into `keys`), if any.
        func write(_ range: Range<Int>, into members: inout JSONMembers) {
            guard !range.isEmpty else { return }
            members.encoded(UnsafeBufferPointer(rebasing: text[offsets[range.lowerBound]..<(offsets[range.upperBound] - 1)]))
        }
    }

    private static let configDefaults = ConfigDefaults([
        "access": "protected", "alias": .null, "column_types": .object([]),
        "contract": .object([("enforced", false), ("alias_types", true)]), "database": .null,
        "docs": docs, "enabled": true, "full_refresh": .null,
        "grants": .object([]), "group": .null, "incremental_strategy": .null,
        "materialized": .null, "meta": .object([]),
        "on_configuration_change": "apply", "on_schema_change": "ignore", "packages": .array([]),
        "persist_docs": .object([]), "post-hook": .array([]), "pre-hook": .array([]), "quoting": .object([]),
        "schema": .null, "tags": .array([]), "unique_key": .null,
    ])

    /// `config`: the defaults, with the node's own values (all but Strata's internal `__` keys) in their places.
    private func writeConfig(_ node: CompiledNode, into members: inout JSONMembers) {
        var overrides: [(key: String, value: JSON)] = []
        for (key, value) in node.config.values where !key.hasPrefix("__") {
            switch key {
            case "pre-hook", "post-hook":
                overrides.append((key, .array((value.listValue ?? [value]).map { hook in
                    .object([("sql", .string(hook.stringValue ?? hook["sql"]?.stringValue ?? "")), ("transaction", true)])
                })))
            default: overrides.append((key, value.json))
            }
        }
        if node.config.values["materialized"] == nil { overrides.append(("materialized", .string(node.materialization))) }
        overrides.sort { $0.key < $1.key }
        let defaults = Self.configDefaults
        members.object("config") { config in
            var next = 0  // the first default not written yet
            for (key, value) in overrides {
                var position = next
                while position < defaults.keys.count, defaults.keys[position] < key { position += 1 }
                defaults.write(next..<position, into: &config)
                config.json(key: key, value)
                next = position < defaults.keys.count && defaults.keys[position] == key ? position + 1 : position
            }
            defaults.write(next..<defaults.keys.count, into: &config)
        }
    }

    /// `columns`: each documented column by name (the last of the same name wins), in name order.
    private static func writeColumns(_ columns: [ColumnInfo], into members: inout JSONMembers) {
        guard !columns.isEmpty else { return members.raw("columns", JSONMembers.emptyObjectText) }
        let order = columns.indices.sorted { (columns[$0].name, $0) < (columns[$1].name, $1) }
        // Read in place: a copy of each column costs a reference count for each of its five fields, twice.
        columns.withUnsafeBufferPointer { columns in
            members.object("columns") { object in
                for (position, index) in order.enumerated() {
                    if position + 1 < order.count, columns[order[position + 1]].name == columns[index].name { continue }
                    object.object(key: columns[index].name) { entry in
                        entry.string("name", columns[index].name)
                        entry.string("description", columns[index].description)
                        entry.sorted("meta", columns[index].meta)
                        entry.optional("data_type", columns[index].dataType)
                        entry.raw("constraints", Self.emptyArrayText)
                        entry.raw("quote", Self.nullText)
                        entry.strings("tags", columns[index].tags)
                    }
                }
            }
        }
    }

    private func macro(_ macro: MacroInfo) -> JSON {
        .sortedObject([
            "name": .string(macro.name), "resource_type": "macro", "package_name": .string(macro.packageName),
            "path": .string(macro.path), "original_file_path": .string(macro.path), "unique_id": .string(macro.uniqueID),
            "macro_sql": .string(macro.sql), "depends_on": .object([("macros", .array([]))]), "description": "",
            "meta": .object([]), "docs": .object([("show", true), ("node_color", .null)]), "patch_path": .null,
            "arguments": .array([]), "created_at": .double(generatedAt.timeIntervalSince1970), "supported_languages": .null,
        ])
    }

    /// The path below the node's resource folder (`staging/stg_orders.sql` for `models/staging/stg_orders.sql`),
    /// as a part of the node's path rather than a string of its own.
    private func relativePath(_ node: CompiledNode) -> Substring {
        // Over the bytes: a slash is one, and comparing characters costs a call each.
        let whole = node.graphNode.path
        let utf8 = whole.utf8
        let slash = UInt8(ascii: "/")
        guard let first = utf8.firstIndex(where: { $0 != slash }), let separator = utf8[first...].firstIndex(of: slash),
            let rest = utf8[separator...].firstIndex(where: { $0 != slash })
        else { return whole[...] }
        return whole[rest...]
    }
}

/// A macro as listed in the manifest.
public struct MacroInfo: Sendable {
    /// Macro name.
    public var name: String
    /// Package that defines it.
    public var packageName: String
    /// File path relative to the package root.
    public var path: String
    /// The macro's source.
    public var sql: String

    /// Creates a macro description.
    public init(name: String, packageName: String, path: String, sql: String) {
        self.name = name
        self.packageName = packageName
        self.path = path
        self.sql = sql
    }

    /// `macro.<package>.<name>`.
    public var uniqueID: String { "macro.\(packageName).\(name)" }
}

extension ManifestBuilder {
    /// dbt's `language`: `python` for a `.py` script model, `script` for another executable, else `sql`.
    static func language(_ node: CompiledNode) -> String {
        guard node.language == .script else { return "sql" }
        return node.scriptPath?.hasSuffix(".py") == true ? "python" : "script"
    }
}
