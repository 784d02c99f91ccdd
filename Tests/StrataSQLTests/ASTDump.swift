import StrataSQL

/// Prints a parsed tree as indented clauses with S-expressions for expressions, for golden parser fixtures.
struct ASTDump {
    private var lines: [String] = []

    static func render(_ statements: [Statement]) -> String {
        var dump = ASTDump()
        for statement in statements { dump.statement(statement, 0) }
        return dump.lines.joined(separator: "\n")
    }

    private mutating func line(_ depth: Int, _ text: String) {
        lines.append(String(repeating: "  ", count: depth) + text)
    }

    private mutating func statement(_ statement: Statement, _ depth: Int) {
        switch statement.kind {
        case .query(let query): self.query(query, depth)
        case .insert(let insert):
            line(depth, "insert \(insert.target) \(names(insert.columns))")
            if let source = insert.source { query(source, depth + 1) }
        case .update(let update):
            let sets = update.assignments.map { "\(names($0.columns))=\(Self.expr($0.value))" }.joined(separator: " ")
            line(depth, "update \(update.target) set \(sets)")
            fromAndWhere(update.from, update.whereClause, depth + 1)
        case .delete(let delete):
            line(depth, "delete \(delete.target)")
            fromAndWhere(delete.using, delete.whereClause, depth + 1)
        case .create(let create):
            line(depth, "create \(create.objectKind.rawValue) \(create.name) \(names(create.columns))")
            if let query = create.query { self.query(query, depth + 1) }
        case .utility(let keyword): line(depth, "utility \(keyword)")
        case .opaque(let node): line(depth, "opaque: \(node.reason)")
        }
    }

    private mutating func query(_ query: Query, _ depth: Int) {
        if let with = query.with {
            line(depth, with.recursive ? "with recursive" : "with")
            for cte in with.ctes {
                line(depth + 1, "cte \(cte.name.text)\(names(cte.columns))")
                statement(cte.body, depth + 2)
            }
        }
        body(query.body, depth)
        if !query.orderBy.isEmpty { line(depth, "order by " + query.orderBy.map(Self.order).joined(separator: ", ")) }
        if let limit = query.limit { line(depth, "limit \(Self.expr(limit))") }
        if let offset = query.offset { line(depth, "offset \(Self.expr(offset))") }
        if let fetch = query.fetch {
            line(depth, "fetch \(fetch.count.map(Self.expr) ?? "1")\(fetch.withTies ? " with ties" : "")")
        }
    }

    private mutating func body(_ body: QueryBody, _ depth: Int) {
        switch body {
        case .select(let select): self.select(select, depth)
        case .setOperation(let operation):
            line(depth, "\(operation.op.rawValue)\(operation.all ? " all" : "")")
            self.body(operation.left, depth + 1)
            self.body(operation.right, depth + 1)
        case .values(let values):
            line(
                depth,
                "values "
                    + values.rows.map { "(" + $0.map(Self.expr).joined(separator: " ") + ")" }.joined(separator: " "))
        case .query(let query):
            line(depth, "parenthesized")
            self.query(query, depth + 1)
        case .table(let name): line(depth, "table \(name)")
        }
    }

    private mutating func select(_ select: Select, _ depth: Int) {
        var head = "select"
        switch select.distinct {
        case .distinct: head += " distinct"
        case .distinctOn(let on): head += " distinct on (" + on.map(Self.expr).joined(separator: " ") + ")"
        case .all: head += " all"
        case nil: break
        }
        line(
            depth,
            head + " "
                + select.items.map { item in
                    Self.expr(item.expression) + (item.alias.map { " as \($0.text)" } ?? "")
                }.joined(separator: ", "))
        fromAndWhere(select.from, select.whereClause, depth + 1)
        if !select.groupBy.isEmpty {
            line(depth + 1, "group by " + select.groupBy.map(Self.expr).joined(separator: ", "))
        }
        if let having = select.having { line(depth + 1, "having \(Self.expr(having))") }
        for window in select.windows {
            line(depth + 1, "window \(window.name.text) \(Self.window(window.specification))")
        }
    }

    private mutating func fromAndWhere(_ from: [FromItem], _ filter: Expression?, _ depth: Int) {
        for item in from { fromItem(item, depth) }
        if let filter { line(depth, "where \(Self.expr(filter))") }
    }

    private mutating func fromItem(_ item: FromItem, _ depth: Int) {
        switch item.kind {
        case .table(let name, let alias): line(depth, "from \(name)\(Self.alias(alias))")
        case .subquery(let query, let alias, let lateral):
            line(depth, "from \(lateral ? "lateral " : "")subquery\(Self.alias(alias))")
            self.query(query, depth + 1)
        case .function(let call, let alias, let lateral, let ordinality):
            line(
                depth,
                "from \(lateral ? "lateral " : "")\(Self.expr(call))\(ordinality ? " with ordinality" : "")\(Self.alias(alias))"
            )
        case .join(let join):
            var condition = ""
            switch join.condition {
            case .on(let expression): condition = " on \(Self.expr(expression))"
            case .using(let columns): condition = " using \(names(columns))"
            case .none: break
            }
            line(depth, "\(join.natural ? "natural " : "")\(join.type.rawValue) join\(condition)")
            fromItem(join.left, depth + 1)
            fromItem(join.right, depth + 1)
        case .parenthesized(let inner, let alias):
            line(depth, "parenthesized\(Self.alias(alias))")
            fromItem(inner, depth + 1)
        }
    }

    private func names(_ identifiers: [Identifier]) -> String {
        identifiers.isEmpty ? "" : "(" + identifiers.map(\.text).joined(separator: ", ") + ")"
    }

    private static func alias(_ alias: TableAlias?) -> String {
        guard let alias else { return "" }
        let columns = alias.columns.isEmpty ? "" : "(" + alias.columns.map(\.text).joined(separator: ", ") + ")"
        return " as \(alias.name.text)\(columns)"
    }

    static func order(_ item: OrderItem) -> String {
        expr(item.expression) + (item.descending ? " desc" : "")
            + (item.nullsFirst.map { $0 ? " nulls first" : " nulls last" } ?? "")
    }

    static func window(_ window: WindowSpecification) -> String {
        var parts: [String] = []
        if let base = window.baseName { parts.append(base.text) }
        if !window.partitionBy.isEmpty {
            parts.append("partition " + window.partitionBy.map(expr).joined(separator: " "))
        }
        if !window.orderBy.isEmpty { parts.append("order " + window.orderBy.map(order).joined(separator: " ")) }
        if let frame = window.frame {
            parts.append(
                "\(frame.unit) \(bound(frame.start))\(frame.end.map { " .. \(bound($0))" } ?? "")\(frame.exclude.map { " exclude \($0)" } ?? "")"
            )
        }
        return "(" + parts.joined(separator: "; ") + ")"
    }

    private static func bound(_ bound: WindowFrame.Bound) -> String {
        switch bound {
        case .unboundedPreceding: "unbounded preceding"
        case .unboundedFollowing: "unbounded following"
        case .currentRow: "current row"
        case .preceding(let value): "\(expr(value)) preceding"
        case .following(let value): "\(expr(value)) following"
        }
    }
}
