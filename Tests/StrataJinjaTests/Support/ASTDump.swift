import StrataDiagnostics

@testable import StrataJinja

/// Prints tokens and syntax trees as stable text for golden files.
struct ASTDump {
    /// The file the nodes were parsed from, to print literal text.
    let file: SourceFile

    static func tokens(_ tokens: [Token], bytes: [UInt8]) -> String {
        tokens.map { token in
            let text = String(
                decoding: bytes[min(token.start, bytes.count)..<min(token.end, bytes.count)], as: UTF8.self)
            return "\(token.kind) \(token.start)..<\(token.end) \(Value.string(text).repr)"
        }.joined(separator: "\n") + "\n"
    }

    func nodes(_ nodes: [Node], indent: String = "") -> String {
        nodes.map { node($0, indent: indent) }.joined()
    }

    func node(_ node: Node, indent: String) -> String {
        let inner = indent + "  "
        switch node {
        case .text(let span): return "\(indent)text \(span) \(Value.string(String(file.slice(span))).repr)\n"
        case .output(let expr, let tag): return "\(indent)output \(tag) \(Self.expr(expr))\n"
        case .ifBlock(let branches, let otherwise):
            var out = ""
            for (index, branch) in branches.enumerated() {
                out +=
                    "\(indent)\(index == 0 ? "if" : "elif") \(Self.expr(branch.condition))\n"
                    + nodes(branch.body, indent: inner)
            }
            if let otherwise { out += "\(indent)else\n" + nodes(otherwise, indent: inner) }
            return out
        case .forLoop(let loop):
            var out = "\(indent)for \(Self.target(loop.target)) in \(Self.expr(loop.iterable))"
            if let filter = loop.filter { out += " if \(Self.expr(filter))" }
            out += loop.usesLoop ? " uses-loop\n" : "\n"
            out += nodes(loop.body, indent: inner)
            if let otherwise = loop.otherwise { out += "\(indent)else\n" + nodes(otherwise, indent: inner) }
            return out
        case .set(let assignTarget, let value, _):
            return "\(indent)set \(Self.target(assignTarget)) = \(Self.expr(value))\n"
        case .setBlock(let assignTarget, let filters, let body, _):
            return "\(indent)set-block \(Self.target(assignTarget))\(filters.map { " |" + Self.filter($0) }.joined())\n"
                + nodes(body, indent: inner)
        case .macro(let definition): return macro(definition, indent: indent)
        case .callBlock(let call, let caller, _):
            return "\(indent)call \(Self.expr(call))\n" + macro(caller, indent: inner)
        case .filterBlock(let filters, let body, _):
            return "\(indent)filter-block\(filters.map { " |" + Self.filter($0) }.joined())\n"
                + nodes(body, indent: inner)
        case .expression(let value, _): return "\(indent)do \(Self.expr(value))\n"
        case .loopControl(let isBreak, _): return "\(indent)\(isBreak ? "break" : "continue")\n"
        case .with(let assignments, let body, _):
            let list = assignments.map { "\(Self.target($0.target)) = \(Self.expr($0.value))" }.joined(separator: ", ")
            return "\(indent)with \(list)\n" + nodes(body, indent: inner)
        case .include(let name, let ignoreMissing, let withContext, _):
            return "\(indent)include \(Self.expr(name)) ignore-missing=\(ignoreMissing) context=\(withContext)\n"
        case .importModule(let name, let alias, let withContext, _):
            return "\(indent)import \(Self.expr(name)) as \(alias) context=\(withContext)\n"
        case .fromImport(let name, let names, let withContext, _):
            let list = names.map { "\($0.name) as \($0.alias)" }.joined(separator: ", ")
            return "\(indent)from \(Self.expr(name)) import \(list) context=\(withContext)\n"
        }
    }

    func macro(_ definition: MacroDefinition, indent: String) -> String {
        let parameters = definition.parameters.map { parameter in
            parameter.name + (parameter.defaultValue.map { "=" + Self.expr($0) } ?? "")
        }
        let flags = [
            ("caller", definition.usesCaller), ("varargs", definition.usesVarargs), ("kwargs", definition.usesKwargs),
        ]
        .filter(\.1).map { " uses-" + $0.0 }.joined()
        return "\(indent)macro \(definition.name)(\(parameters.joined(separator: ", ")))\(flags)\n"
            + nodes(definition.body, indent: indent + "  ")
    }

    static func target(_ target: AssignTarget) -> String {
        switch target {
        case .name(let name, _): return name
        case .tuple(let items, _): return "(" + items.map(self.target).joined(separator: ", ") + ")"
        case .namespaceAttribute(let namespace, let attribute, _): return "\(namespace).\(attribute)"
        }
    }

    static func filter(_ filter: FilterCall) -> String {
        filter.arguments.isEmpty ? filter.name : "\(filter.name)\(arguments(filter.arguments))"
    }

    static func arguments(_ arguments: CallArguments) -> String {
        var parts = arguments.positional.map(expr)
        parts += arguments.keywords.map { "\($0.name)=\(expr($0.value))" }
        if let star = arguments.star { parts.append("*" + expr(star)) }
        if let doubleStar = arguments.doubleStar { parts.append("**" + expr(doubleStar)) }
        return "(" + parts.joined(separator: ", ") + ")"
    }

    static func expr(_ expr: Expr) -> String {
        switch expr.kind {
        case .literal(let value): return value.repr
        case .name(let name): return name
        case .list(let items): return "[" + items.map(self.expr).joined(separator: ", ") + "]"
        case .tuple(let items): return "(tuple " + items.map(self.expr).joined(separator: " ") + ")"
        case .dict(let entries):
            return "{" + entries.map { "\(self.expr($0.key)): \(self.expr($0.value))" }.joined(separator: ", ") + "}"
        case .negate(let operand, let plus): return "(\(plus ? "+" : "-") \(self.expr(operand)))"
        case .not(let operand): return "(not \(self.expr(operand)))"
        case .binary(let op, let lhs, let rhs): return "(\(op.symbol) \(self.expr(lhs)) \(self.expr(rhs)))"
        case .concat(let lhs, let rhs): return "(~ \(self.expr(lhs)) \(self.expr(rhs)))"
        case .and(let lhs, let rhs): return "(and \(self.expr(lhs)) \(self.expr(rhs)))"
        case .or(let lhs, let rhs): return "(or \(self.expr(lhs)) \(self.expr(rhs)))"
        case .compare(let first, let rest):
            return "(compare \(self.expr(first))" + rest.map { " \($0.op.symbol) \(self.expr($0.operand))" }.joined()
                + ")"
        case .conditional(let test, let then, let otherwise):
            return "(if \(self.expr(test)) \(self.expr(then)) \(otherwise.map(self.expr) ?? "-"))"
        case .attribute(let base, let name): return "(. \(self.expr(base)) \(name))"
        case .item(let base, let index): return "([] \(self.expr(base)) \(self.expr(index)))"
        case .slice(let base, let start, let stop, let step):
            let parts = [start, stop, step].map { $0.map(self.expr) ?? "-" }.joined(separator: ":")
            return "(slice \(self.expr(base)) \(parts))"
        case .call(let callee, let arguments): return "(call \(self.expr(callee)) \(self.arguments(arguments)))"
        case .filter(let value, let filter): return "(| \(self.expr(value)) \(self.filter(filter)))"
        case .test(let value, let test):
            let arguments = test.arguments.isEmpty ? "" : " " + self.arguments(test.arguments)
            return "(is\(test.negated ? " not" : "") \(self.expr(value)) \(test.name)\(arguments))"
        }
    }
}
