extension LineageAnalyzer {
    /// Adds the relations a from item brings into scope, in order (later LATERAL items see earlier ones).
    func addBindings(_ item: FromItem, to scope: inout LineageScope) {
        switch item.kind {
        case .table(let name, let alias):
            scope.bindings.append(tableBinding(name, alias: alias, scope: scope))
        case .subquery(let query, let alias, let lateral):
            let columns = self.query(query, scope: scope.nested(correlated: lateral))
            scope.bindings.append(derivedBinding(columns, alias: alias, display: "subquery"))
        case .function(let call, let alias, _, _):
            scope.bindings.append(functionBinding(call, alias: alias, scope: scope))
        case .join(let join):
            addBindings(join.left, to: &scope)
            let leftCount = scope.bindings.count
            addBindings(join.right, to: &scope)
            if case .using(let names) = join.condition { scope.usingColumns += names.map(key) }
            if join.natural { scope.usingColumns += naturalColumns(scope.bindings, split: leftCount) }
        case .parenthesized(let inner, let alias):
            guard let alias else {
                addBindings(inner, to: &scope)
                return
            }
            var nested = scope
            nested.bindings = []
            addBindings(inner, to: &nested)
            let known = nested.bindings.allSatisfy { $0.columns != nil }
            let columns = known ? nested.bindings.flatMap { $0.columns ?? [] } : nil
            var binding = LineageBinding(
                qualifiedName: [key(alias.name)], relation: nil,
                columns: columns.map { renamed($0, alias.columns.map(key)) },
                unknownReason: nested.bindings.first { $0.columns == nil }?.openReason ?? "", display: alias.name.text)
            if columns == nil, nested.bindings.count == 1 { binding.relation = nested.bindings[0].relation }
            scope.bindings.append(binding)
        }
    }

    /// A base table or a CTE named in FROM.
    func tableBinding(_ name: ObjectName, alias: TableAlias?, scope: LineageScope) -> LineageBinding {
        let parts = name.parts.map(key)
        let aliasNames = alias?.columns.map(key) ?? []
        let qualifiedName = alias.map { [key($0.name)] } ?? parts
        if parts.count == 1, let cte = scope.ctes[parts[0]] {
            return LineageBinding(
                qualifiedName: qualifiedName, relation: nil, columns: renamed(cte, aliasNames), unknownReason: "",
                display: parts[0])
        }
        let display = parts.joined(separator: ".")
        let columns = schemaOf(parts).map { names in
            names.map {
                LineageColumn(name: $0, lineage: Lineage(sources: [ColumnSource(relation: parts, column: $0)]))
            }
        }
        return LineageBinding(
            qualifiedName: qualifiedName, relation: parts, columns: columns.map { renamed($0, aliasNames) },
            unknownReason: "the columns of \(display) are unknown", display: display)
    }

    func derivedBinding(_ columns: [LineageColumn], alias: TableAlias?, display: String) -> LineageBinding {
        LineageBinding(
            qualifiedName: alias.map { [key($0.name)] } ?? [], relation: nil,
            columns: renamed(columns, alias?.columns.map(key) ?? []), unknownReason: "",
            display: alias?.name.text ?? display)
    }

    /// `generate_series(…) AS g(n)`: every column derives from the call's arguments.
    func functionBinding(_ call: Expression, alias: TableAlias?, scope: LineageScope) -> LineageBinding {
        let lineage = expression(call, scope: scope).atLeast(.derived)
        var names = alias?.columns.map(key) ?? []
        if names.isEmpty { names = [alias.map { key($0.name) } ?? impliedName(call)] }
        return LineageBinding(
            qualifiedName: alias.map { [key($0.name)] } ?? [], relation: nil,
            columns: names.map { LineageColumn(name: $0, lineage: lineage) }, unknownReason: "",
            display: impliedName(call))
    }

    func naturalColumns(_ bindings: [LineageBinding], split: Int) -> [String] {
        let left = bindings[..<split].flatMap { $0.columns ?? [] }.map(\.name)
        let right = bindings[split...].flatMap { $0.columns ?? [] }.map(\.name)
        return left.filter { name in right.contains { same($0, name) } }
    }

    // MARK: Column references

    func resolveColumn(_ parts: [Identifier], scope: LineageScope) -> Lineage {
        let names = parts.map(key)
        guard let column = names.last else { return .constant }
        let levels = [scope.bindings] + scope.outer
        guard names.count > 1 else { return resolveUnqualified(column, levels: levels, using: scope.usingColumns) }
        let qualifier = Array(names.dropLast())
        for level in levels {
            if let binding = level.first(where: { matches($0, qualifier) }) { return self.column(column, of: binding) }
        }
        return .unresolved("no relation named \(qualifier.joined(separator: ".")) in scope for column \(column)")
    }

    func resolveUnqualified(_ column: String, levels: [[LineageBinding]], using: [String]) -> Lineage {
        for (depth, level) in levels.enumerated() {
            let containing = level.filter {
                $0.columns?.contains { !$0.isPlaceholder && same($0.name, column) } == true
            }
            if containing.count == 1 { return self.column(column, of: containing[0]) }
            if containing.count > 1 {
                guard depth == 0, using.contains(where: { same($0, column) }) else {
                    let where_ = containing.map(\.display).joined(separator: ", ")
                    return .unresolved("column \(column) is ambiguous: it is in \(where_)")
                }
                var lineage = Lineage()
                for binding in containing { lineage.merge(self.column(column, of: binding)) }
                return lineage
            }
            let unknown = level.filter(\.isOpen)
            if unknown.count == 1 { return self.column(column, of: unknown[0]) }
            if unknown.count > 1 {
                let where_ = unknown.map(\.display).joined(separator: ", ")
                return .unresolved("column \(column) may belong to any of \(where_), whose columns are unknown")
            }
        }
        if Self.niladicFunctions.contains(column.lowercased()) { return .constant }
        return .unresolved("column \(column) is not in any relation in scope")
    }

    func column(_ column: String, of binding: LineageBinding) -> Lineage {
        if let found = binding.columns?.first(where: { !$0.isPlaceholder && same($0.name, column) }) {
            return found.lineage
        }
        if !binding.isOpen { return .unresolved("\(binding.display) has no column \(column)") }
        guard binding.columns == nil, let relation = binding.relation else { return .unresolved(binding.openReason) }
        return Lineage(sources: [ColumnSource(relation: relation, column: column)])
    }

    static let niladicFunctions: Set<String> = [
        "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
        "session_user", "user", "current_role", "current_schema", "current_catalog",
    ]
}
