extension LineageAnalyzer {
    /// The lineage of a scalar expression: a bare column copies its source's lineage, anything else derives.
    func expression(_ expression: Expression, scope: LineageScope) -> Lineage {
        switch expression.kind {
        case .literal, .parameter, .defaultValue, .star: return .constant
        case .column(let parts): return resolveColumn(parts, scope: scope)
        case .function(let call): return function(call, scope: scope)
        case .subquery(let query, _), .exists(let query): return subquery(query, scope: scope)
        case .inQuery(let operand, let query, _):
            var lineage = self.expression(operand, scope: scope).atLeast(.derived)
            lineage.merge(subquery(query, scope: scope))
            return lineage
        case .opaque(let node): return .unresolved("an expression the parser does not model (\(node.reason))")
        default:
            var lineage = Lineage.constant
            for child in Self.children(of: expression) { lineage.merge(self.expression(child, scope: scope)) }
            return lineage
        }
    }

    /// A scalar, EXISTS or IN subquery: every column it returns, seeing the enclosing from items.
    func subquery(_ query: Query, scope: LineageScope) -> Lineage {
        var lineage = Lineage.constant
        for column in self.query(query, scope: scope.nested(correlated: true)) { lineage.merge(column.lineage) }
        return lineage
    }

    func function(_ call: FunctionCall, scope: LineageScope) -> Lineage {
        var lineage = Lineage.constant
        var inputs = call.arguments + (call.orderBy + call.withinGroup).map(\.expression)
        if let filter = call.filter { inputs.append(filter) }
        if let over = call.over {
            for specification in windowChain(over, scope: scope) {
                inputs += specification.partitionBy + specification.orderBy.map(\.expression)
            }
        }
        for input in inputs { lineage.merge(expression(input, scope: scope)) }
        if call.over != nil { return lineage.atLeast(.window) }
        let name = call.name.parts.last?.text.lowercased() ?? ""
        let scalarMinMax = (name == "min" || name == "max") && call.arguments.count > 1
        if !call.withinGroup.isEmpty || call.filter != nil || (Self.aggregates.contains(name) && !scalarMinMax) {
            return lineage.atLeast(.aggregated)
        }
        return lineage
    }

    /// A window specification and the named windows it refines, innermost first.
    func windowChain(_ specification: WindowSpecification, scope: LineageScope) -> [WindowSpecification] {
        var chain = [specification]
        var next = specification.baseName
        while let name = next, let base = scope.windows[key(name)], chain.count < 16 {
            chain.append(base)
            next = base.baseName
        }
        return chain
    }

    static func children(of expression: Expression) -> [Expression] {
        switch expression.kind {
        case .unary(_, let operand): return [operand]
        case .binary(_, let left, let right): return [left, right]
        case .isTest(let operand, _, _): return [operand]
        case .isDistinctFrom(let left, let right, _): return [left, right]
        case .between(let operand, let low, let high, _): return [operand, low, high]
        case .inList(let operand, let list, _): return [operand] + list
        case .like(let operand, let pattern, _, _, let escape): return [operand, pattern] + (escape.map { [$0] } ?? [])
        case .quantified(let operand, _, _, let other): return [operand, other]
        case .caseWhen(let operand, let branches, let otherwise):
            return (operand.map { [$0] } ?? []) + branches.flatMap { [$0.condition, $0.result] }
                + (otherwise.map { [$0] } ?? [])
        case .cast(let operand, _, _): return [operand]
        case .extract(_, let operand): return [operand]
        case .array(let items), .row(let items), .groupingSet(_, let items): return items
        case .subscripted(let operand, let index, let upper, _):
            return [operand] + (index.map { [$0] } ?? []) + (upper.map { [$0] } ?? [])
        case .field(let operand, _): return [operand]
        case .collate(let operand, _): return [operand]
        case .atTimeZone(let operand, let zone): return [operand, zone]
        default: return []
        }
    }

    static let aggregates: Set<String> = [
        "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "group_concat", "total", "bool_and", "bool_or",
        "every", "bit_and", "bit_or", "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg",
        "json_group_array", "json_group_object", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
        "var_samp", "corr", "covar_pop", "covar_samp", "percentile_cont", "percentile_disc", "mode", "median",
        "any_value", "count_if", "listagg", "xmlagg", "regr_slope", "regr_intercept", "regr_count", "regr_r2",
        "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy",
    ]
}
