import StrataDiagnostics

extension ProjectLoader {
    /// Builds source tables from every `sources:` entry.
    func loadSources(into project: inout Project) {
        let sourceFolders = FolderConfigTree(project.settings.folderConfigs["sources"])
        for properties in project.propertyFiles {
            for entry in properties.root["sources"]?.items ?? [] {
                guard let sourceName = entry["name"]?.stringValue else {
                    diagnostics.emit(.error("P1031", "a source needs a 'name'", in: properties.file, at: entry.span))
                    continue
                }
                let schema = entry["schema"]?.stringValue ?? sourceName
                let database = entry["database"]?.stringValue
                let sourceTags = entry["tags"]?.value.stringList ?? []
                if let federated = entry["config"]?["federated"] {
                    let tables = (entry["tables"]?.items ?? []).compactMap {
                        $0["identifier"]?.stringValue ?? $0["name"]?.stringValue
                    }
                    if let declaration = federatedSource(
                        federated, sourceName: sourceName, localSchema: schema, tables: tables, file: properties.file)
                    {
                        project.federatedSources.append(declaration)
                    }
                }
                let sourceLevel = catalog(of: entry, file: properties.file)
                for table in entry["tables"]?.items ?? [] {
                    guard let tableName = table["name"]?.stringValue else { continue }
                    let fqn = [properties.packageName, sourceName, tableName]
                    var enabled = NodeConfig()
                    for level in sourceFolders.levels(for: fqn) { enabled.merge(level) }
                    enabled.merge(entry["config"]?.value.dictValue ?? [:])
                    enabled.merge(table["config"]?.value.dictValue ?? [:])
                    guard enabled.enabled else { continue }
                    var extra: [String: ConfigValue] = [:]
                    for key in ["loader", "owner", "meta", "freshness", "loaded_at_field", "quoting", "external"] {
                        if let value = table[key]?.value ?? entry[key]?.value { extra[key] = value }
                    }
                    let tableLevel = catalog(of: table, file: properties.file)
                    var source = Source(
                        id: "source.\(properties.packageName).\(sourceName).\(tableName)", sourceName: sourceName,
                        tableName: tableName, packageName: properties.packageName, path: properties.file.path,
                        relation: Relation(
                            database: database, schema: schema,
                            identifier: table["identifier"]?.stringValue ?? tableName),
                        description: table["description"]?.stringValue ?? "",
                        sourceDescription: entry["description"]?.stringValue ?? "",
                        columns: PropertiesFile.columns(table["columns"]), extra: extra,
                        tags: sourceTags + (table["tags"]?.value.stringList ?? []),
                        declaration: Label(file: properties.file, span: table["name"]!.span))
                    source.applyCatalog(source: sourceLevel, table: tableLevel)
                    source.fileSource = fileSourceLocation(
                        table["external"] ?? entry["external"], root: project.packageRoots[properties.packageName] ?? project.rootPath,
                        file: properties.file)
                    project.sources.append(source)
                }
            }
        }
    }

    /// The catalog properties one level (a source or one of its tables) declares, checked.
    private func catalog(of node: YAMLNode, file: SourceFile) -> CatalogLevel {
        var level = CatalogLevel()
        let config = node["config"]
        level.loader = node["loader"]?.stringValue ?? config?["loader"]?.stringValue
        level.meta = (node["meta"]?.value.dictValue ?? [:]).merging(config?["meta"]?.value.dictValue ?? [:]) { _, new in
            new
        }
        level.owner = (node["owner"] ?? config?["owner"])?.stringValue ?? level.meta["owner"]?.stringValue
        // dbt 1.9+ moved these under `config:`; when both are given, `config:` wins.
        if let field = config?["loaded_at_field"] ?? node["loaded_at_field"] {
            if let name = field.stringValue, case .scalar(.string) = field.kind {
                level.loadedAtField = name
            } else if case .scalar(.null) = field.kind {
                level.loadedAtField = nil
            } else {
                diagnostics.emit(
                    .error(
                        "P1035", "loaded_at_field must be a column name", in: file, at: field.span,
                        label: "expected a string"))
            }
        }
        if let freshness = config?["freshness"] ?? node["freshness"] {
            level.freshness = freshnessSetting(freshness, file: file)
        }
        return level
    }

    /// A `freshness:` value: `null` disables inherited freshness, a mapping sets thresholds.
    private func freshnessSetting(_ node: YAMLNode, file: SourceFile) -> CatalogLevel.Freshness {
        if case .scalar(.null) = node.kind { return .disabled }
        guard node.isMapping else {
            diagnostics.emit(
                .error(
                    "P1035", "freshness must be a mapping with warn_after, error_after and filter", in: file,
                    at: node.span,
                    label: "expected a mapping or null"))
            return .inherited
        }
        var rule = FreshnessRule()
        let keys = ["warn_after", "error_after", "filter"]
        for (key, value) in node.pairs {
            switch key.stringValue {
            case "warn_after": rule.warnAfter = threshold(value, key: "warn_after", file: file)
            case "error_after": rule.errorAfter = threshold(value, key: "error_after", file: file)
            case "filter":
                if case .scalar(.null) = value.kind { continue }
                guard case .scalar(let scalar) = value.kind, let text = scalar.stringValue else {
                    diagnostics.emit(
                        .error(
                            "P1035", "freshness filter must be a SQL condition", in: file, at: value.span,
                            label: "expected a string"))
                    continue
                }
                rule.filter = text
            default:
                let name = key.stringValue ?? key.value.description
                diagnostics.emit(
                    .error(
                        "P1035", "unknown freshness key '\(name)'", in: file, at: key.span,
                        help: EditDistance.suggestion(for: name, among: keys).map { "did you mean '\($0)'?" }
                            ?? "expected one of \(keys.joined(separator: ", "))"))
            }
        }
        return .rule(rule)
    }

    /// `{count: 12, period: hour}`; nil (after a diagnostic) when malformed or null.
    private func threshold(_ node: YAMLNode, key: String, file: SourceFile) -> FreshnessThreshold? {
        if case .scalar(.null) = node.kind { return nil }
        let shape = "\(key) must be {count: <positive integer>, period: minute | hour | day}"
        guard node.isMapping else {
            diagnostics.emit(.error("P1035", shape, in: file, at: node.span, label: "expected a mapping"))
            return nil
        }
        if node["count"] == nil, node["period"] == nil { return nil }
        guard let countNode = node["count"], case .scalar(.int(let count)) = countNode.kind, count > 0 else {
            diagnostics.emit(
                .error(
                    "P1035", shape, in: file, at: (node["count"] ?? node).span,
                    label: "expected a positive integer count"))
            return nil
        }
        guard let periodNode = node["period"],
            let period = periodNode.stringValue.flatMap(FreshnessPeriod.init(rawValue:))
        else {
            let label = node["period"] == nil ? "no period" : "expected minute, hour or day"
            diagnostics.emit(.error("P1035", shape, in: file, at: (node["period"] ?? node).span, label: label))
            return nil
        }
        return FreshnessThreshold(count: count, period: period)
    }
}

/// The catalog properties a source or a table declares, before the table's override the source's.
struct CatalogLevel {
    /// A level's freshness: not said, turned off (`freshness: null`) or a rule.
    enum Freshness {
        case inherited, disabled
        case rule(FreshnessRule)
    }

    var loader: String?
    var owner: String?
    var meta: [String: ConfigValue] = [:]
    var loadedAtField: String?
    var freshness: Freshness = .inherited
}

extension Source {
    /// Sets the typed catalog fields with dbt's inheritance: a table's values override its source's, a table's
    /// `freshness: null` turns an inherited rule off, and a rule without thresholds is no rule.
    mutating func applyCatalog(source: CatalogLevel, table: CatalogLevel) {
        loader = table.loader ?? source.loader
        owner = table.owner ?? source.owner
        sourceMeta = source.meta
        meta = source.meta.merging(table.meta) { _, new in new }
        loadedAtField = table.loadedAtField ?? source.loadedAtField
        var inherited: FreshnessRule?
        if case .rule(let rule) = source.freshness { inherited = rule }
        switch table.freshness {
        case .inherited: freshness = inherited
        case .disabled: freshness = nil
        case .rule(let rule): freshness = inherited.map { $0.overridden(by: rule) } ?? rule
        }
        if freshness?.hasThreshold == false { freshness = nil }
    }
}
