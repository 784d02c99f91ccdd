/// A relation in scope of a SELECT: a base table, a CTE, a derived table or a table function.
struct LineageBinding: Sendable {
    /// What a qualifier may name: the alias, or the relation's parts (a suffix matches), or the CTE's name.
    var qualifiedName: [String]
    /// The base relation, for columns named on a table whose columns are unknown.
    var relation: [String]?
    /// The columns in order, nil when unknown.
    var columns: [LineageColumn]?
    /// Why the columns are unknown.
    var unknownReason: String
    /// The name used in messages.
    var display: String

    /// Whether the binding may have columns beyond those listed (unknown, or a `*` that could not be expanded).
    var isOpen: Bool { columns?.contains(where: \.isPlaceholder) ?? true }

    /// Why the columns beyond those listed are unknown.
    var openReason: String {
        columns?.first(where: \.isPlaceholder)?.lineage.unresolved.first ?? unknownReason
    }
}

/// What a SELECT sees: CTEs, its own from items, and the from items of enclosing queries (correlation).
struct LineageScope: Sendable {
    var ctes: [String: [LineageColumn]] = [:]
    var bindings: [LineageBinding] = []
    var usingColumns: [String] = []
    var outer: [[LineageBinding]] = []
    var windows: [String: WindowSpecification] = [:]

    /// A scope for a query nested in this one: CTEs stay visible, from items become outer when `correlated`.
    func nested(correlated: Bool) -> LineageScope {
        var inner = LineageScope(ctes: ctes)
        inner.outer = correlated ? [bindings] + outer : outer
        return inner
    }
}

/// Walks a query's tree computing each output column's lineage.
struct LineageAnalyzer {
    let dialect: Dialect
    let schemaOf: ([String]) -> [String]?
    let relationCTEs: Set<String>

    func key(_ identifier: Identifier) -> String { identifier.normalized(for: dialect) }

    func same(_ lhs: String, _ rhs: String) -> Bool {
        dialect.identifierCase == .insensitive ? lhs.lowercased() == rhs.lowercased() : lhs == rhs
    }

    // MARK: Queries

    func query(_ query: Query, scope: LineageScope) -> [LineageColumn] {
        var scope = scope
        if let with = query.with {
            let recursive = with.recursive || dialect.implicitlyRecursiveCTEs
            for cte in with.ctes where !relationCTEs.contains(key(cte.name)) {
                scope.ctes[key(cte.name)] = commonTableExpression(cte, recursive: recursive, scope: scope)
            }
        }
        return body(query.body, scope: scope)
    }

    func commonTableExpression(_ cte: CommonTableExpression, recursive: Bool, scope: LineageScope) -> [LineageColumn] {
        let names = cte.columns.map(key)
        guard let query = cte.query else {
            return names.map {
                LineageColumn(name: $0, lineage: .unresolved("the body of CTE \(cte.name.text) is not a query"))
            }
        }
        var inner = scope
        if recursive, query.with == nil, case .setOperation(let operation) = query.body {
            inner.ctes[key(cte.name)] = renamed(body(operation.left, scope: inner), names)
        }
        return renamed(self.query(query, scope: inner), names)
    }

    func renamed(_ columns: [LineageColumn], _ names: [String]) -> [LineageColumn] {
        columns.enumerated().map { index, column in
            index < names.count ? LineageColumn(name: names[index], lineage: column.lineage) : column
        }
    }

    func body(_ body: QueryBody, scope: LineageScope) -> [LineageColumn] {
        switch body {
        case .select(let select): return self.select(select, scope: scope)
        case .query(let query): return self.query(query, scope: scope)
        case .setOperation(let operation): return setOperation(operation, scope: scope)
        case .values(let values): return self.values(values, scope: scope)
        case .table(let name):
            let binding = tableBinding(name, alias: nil, scope: scope)
            return binding.columns ?? [LineageColumn(name: "*", lineage: .unresolved(binding.unknownReason))]
        }
    }

    func setOperation(_ operation: SetOperation, scope: LineageScope) -> [LineageColumn] {
        var columns = body(operation.left, scope: scope)
        let right = body(operation.right, scope: scope)
        let mismatch = columns.count != right.count
        for index in columns.indices {
            if index < right.count { columns[index].lineage.merge(right[index].lineage) }
            if mismatch {
                columns[index].lineage.merge(
                    .unresolved("the branches of \(operation.op.rawValue.uppercased()) have different column counts"))
            }
        }
        return columns
    }

    func values(_ values: Values, scope: LineageScope) -> [LineageColumn] {
        let width = values.rows.map(\.count).max() ?? 0
        return (0..<width).map { index in
            var lineage = Lineage.constant
            for row in values.rows where index < row.count { lineage.merge(expression(row[index], scope: scope)) }
            return LineageColumn(name: "column\(index + 1)", lineage: lineage)
        }
    }

    func select(_ select: Select, scope outerScope: LineageScope) -> [LineageColumn] {
        var scope = outerScope
        scope.bindings = []
        scope.usingColumns = []
        for item in select.from { addBindings(item, to: &scope) }
        for window in select.windows { scope.windows[key(window.name)] = window.specification }
        var columns: [LineageColumn] = []
        for item in select.items {
            if case .star(let qualifier) = item.expression.kind {
                columns += expandStar(qualifier.map(key), scope: scope)
            } else {
                columns.append(
                    LineageColumn(name: outputName(item), lineage: expression(item.expression, scope: scope)))
            }
        }
        return columns
    }

    func outputName(_ item: SelectItem) -> String {
        if let alias = item.alias { return key(alias) }
        return impliedName(item.expression)
    }

    func impliedName(_ expression: Expression) -> String {
        switch expression.kind {
        case .column(let parts): return parts.last.map(key) ?? "?column?"
        case .function(let call): return call.name.parts.last.map(key) ?? "?column?"
        case .cast(let inner, let type, let isOperator): return isOperator ? impliedName(inner) : type.name
        case .caseWhen: return "case"
        default: return "?column?"
        }
    }

    // MARK: Stars

    func expandStar(_ qualifier: [String], scope: LineageScope) -> [LineageColumn] {
        let label = qualifier.isEmpty ? "*" : qualifier.joined(separator: ".") + ".*"
        guard !qualifier.isEmpty else {
            guard !scope.bindings.isEmpty else {
                return [LineageColumn(name: label, lineage: .unresolved("* without a FROM clause"))]
            }
            var columns: [LineageColumn] = []
            for binding in scope.bindings {
                guard let known = binding.columns else {
                    columns.append(LineageColumn(name: label, lineage: .unresolved(binding.unknownReason)))
                    continue
                }
                for column in known {
                    let shared = scope.usingColumns.contains { same($0, column.name) }
                    if shared, let first = columns.firstIndex(where: { same($0.name, column.name) }) {
                        columns[first].lineage.merge(column.lineage)
                    } else {
                        columns.append(column)
                    }
                }
            }
            return columns
        }
        guard let binding = scope.bindings.first(where: { matches($0, qualifier) }) else {
            return [
                LineageColumn(
                    name: label, lineage: .unresolved("no relation named \(qualifier.joined(separator: ".")) in scope"))
            ]
        }
        return binding.columns ?? [LineageColumn(name: label, lineage: .unresolved(binding.unknownReason))]
    }

    func matches(_ binding: LineageBinding, _ qualifier: [String]) -> Bool {
        guard qualifier.count <= binding.qualifiedName.count, !qualifier.isEmpty else { return false }
        return zip(binding.qualifiedName.suffix(qualifier.count), qualifier).allSatisfy { same($0, $1) }
    }
}
