import StrataSQL

/// Expressions as S-expressions, so precedence shows as nesting.
extension ASTDump {
    static func expr(_ expression: Expression) -> String {
        switch expression.kind {
        case .literal(let literal): return Self.literal(literal)
        case .parameter(let text): return text
        case .column(let parts): return parts.map(\.text).joined(separator: ".")
        case .star(let qualifier): return (qualifier.map(\.text) + ["*"]).joined(separator: ".")
        case .unary(let op, let operand): return "(\(op) \(expr(operand)))"
        case .binary(let op, let left, let right): return "(\(op) \(expr(left)) \(expr(right)))"
        case .isTest(let value, let test, let negated): return "(is\(negated ? " not" : "") \(test) \(expr(value)))"
        case .isDistinctFrom(let left, let right, let negated):
            return "(is\(negated ? " not" : "") distinct \(expr(left)) \(expr(right)))"
        case .between(let value, let low, let high, let negated):
            return "(\(negated ? "not " : "")between \(expr(value)) \(expr(low)) \(expr(high)))"
        case .inList(let value, let list, let negated):
            return "(\(negated ? "not " : "")in \(expr(value)) [\(list.map(expr).joined(separator: " "))])"
        case .inQuery(let value, _, let negated): return "(\(negated ? "not " : "")in \(expr(value)) <query>)"
        case .like(let value, let pattern, let op, let negated, let escape):
            return
                "(\(negated ? "not " : "")\(op) \(expr(value)) \(expr(pattern))\(escape.map { " escape \(expr($0))" } ?? ""))"
        case .quantified(let value, let op, let quantifier, let operand):
            return "(\(op) \(expr(value)) (\(quantifier) \(expr(operand))))"
        case .exists: return "(exists <query>)"
        case .subquery(_, let isArray): return isArray ? "(array <query>)" : "<query>"
        case .function(let call): return function(call)
        case .caseWhen(let operand, let branches, let otherwise):
            let whens = branches.map { "(when \(expr($0.condition)) \(expr($0.result)))" }.joined(separator: " ")
            return
                "(case\(operand.map { " \(expr($0))" } ?? "") \(whens)\(otherwise.map { " (else \(expr($0)))" } ?? ""))"
        case .cast(let value, let type, let isOperator): return "(\(isOperator ? "::" : "cast") \(expr(value)) \(type))"
        case .extract(let field, let value): return "(extract \(field) \(expr(value)))"
        case .array(let items): return "[" + items.map(expr).joined(separator: " ") + "]"
        case .subscripted(let base, let index, let upper, let isSlice):
            let range = (index.map(expr) ?? "") + (isSlice ? ":" + (upper.map(expr) ?? "") : "")
            return "(index \(expr(base)) \(range))"
        case .field(let base, let name): return "(field \(expr(base)) \(name?.text ?? "*"))"
        case .row(let items): return "(row " + items.map(expr).joined(separator: " ") + ")"
        case .collate(let value, let collation): return "(collate \(expr(value)) \(collation))"
        case .atTimeZone(let value, let zone): return "(at-time-zone \(expr(value)) \(expr(zone)))"
        case .groupingSet(let kind, let items): return "(\(kind) " + items.map(expr).joined(separator: " ") + ")"
        case .defaultValue: return "default"
        case .opaque(let node): return "<opaque: \(node.reason)>"
        }
    }

    private static func literal(_ literal: Literal) -> String {
        switch literal {
        case .number(let text): text
        case .string(let value): "'\(value)'"
        case .boolean(let value): value ? "true" : "false"
        case .null: "null"
        case .typed(let type, let value): "(\(type) '\(value)')"
        }
    }

    private static func function(_ call: FunctionCall) -> String {
        var arguments = zip(call.argumentNames, call.arguments).map { name, argument in
            (name.map { "\($0.text)=>" } ?? "") + expr(argument)
        }.joined(separator: " ")
        if call.distinct { arguments = "distinct " + arguments }
        if !call.orderBy.isEmpty { arguments += " order " + call.orderBy.map(order).joined(separator: " ") }
        var text = "(\(call.name) \(arguments))"
        if !call.withinGroup.isEmpty { text += " within (" + call.withinGroup.map(order).joined(separator: " ") + ")" }
        if let filter = call.filter { text += " filter \(expr(filter))" }
        if let over = call.over { text += " over \(window(over))" }
        return text
    }
}
