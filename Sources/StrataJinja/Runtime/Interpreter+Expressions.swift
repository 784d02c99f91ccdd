import StrataDiagnostics

extension Interpreter {
    /// Evaluates an expression.
    func eval(_ expr: Expr) throws -> Value {
        switch expr.kind {
        case .literal(let value): return value
        case .name(let name): return lookup(name) ?? .undefined(Undefined(name: name))
        case .list(let items): return .list(ListBox(try items.map(eval)))
        case .tuple(let items): return .tuple(try items.map(eval))
        case .dict(let entries): return try evalDict(entries)
        case .negate(let operand, let plus):
            let value = try eval(operand)
            return try located(expr.span) { () throws(TemplateError) in try Value.negate(value, plus: plus) }
        case .not(let operand): return .bool(!(try truthy(try eval(operand), operand.span)))
        case .binary(let op, let lhs, let rhs):
            let left = try eval(lhs)
            let right = try eval(rhs)
            return try located(expr.span) { () throws(TemplateError) in try Value.arithmetic(op, left, right) }
        case .concat(let lhs, let rhs):
            return .string(try stringify(try eval(lhs), lhs.span) + stringify(try eval(rhs), rhs.span))
        case .and(let lhs, let rhs):
            let left = try eval(lhs)
            return try truthy(left, lhs.span) ? try eval(rhs) : left
        case .or(let lhs, let rhs):
            let left = try eval(lhs)
            return try truthy(left, lhs.span) ? left : try eval(rhs)
        case .compare(let first, let rest): return .bool(try evalCompare(first, rest))
        case .conditional(let test, let then, let otherwise):
            if try truthy(try eval(test), test.span) { return try eval(then) }
            if let otherwise { return try eval(otherwise) }
            return .undefined(Undefined(name: "", hint: "the inline if-expression evaluated to false and has no else"))
        case .attribute(let base, let name):
            return try attribute(of: try eval(base), name, baseSpan: base.span)
        case .item(let base, let index):
            return try item(of: try eval(base), try eval(index), baseSpan: base.span, span: expr.span)
        case .slice(let base, let start, let stop, let step):
            return try evalSlice(try eval(base), start, stop, step, span: expr.span)
        case .call(let callee, let arguments):
            return try evalCall(callee, arguments, span: expr.span)
        case .filter(let value, let filter):
            return try applyFilter(filter, to: try eval(value))
        case .test(let value, let test):
            return .bool(try applyTest(test, to: try eval(value)))
        }
    }

    /// Truthiness, failing on undefined values in strict mode.
    func truthy(_ value: Value, _ span: SourceSpan) throws -> Bool {
        if case .undefined(let undefined) = value, environment.options.undefined == .strict {
            throw undefinedError(undefined, at: span)
        }
        return value.isTruthy
    }

    /// `str(value)`, failing on undefined values in strict mode.
    func stringify(_ value: Value, _ span: SourceSpan) throws -> String {
        if case .undefined(let undefined) = value, environment.options.undefined == .strict {
            throw undefinedError(undefined, at: span)
        }
        return value.renderedString
    }

    private func evalDict(_ entries: [(key: Expr, value: Expr)]) throws -> Value {
        let dict = DictBox()
        for entry in entries {
            let key = try eval(entry.key)
            let value = try eval(entry.value)
            try located(entry.key.span) { () throws(TemplateError) in try dict.set(key, value) }
        }
        return .dict(dict)
    }

    private func evalCompare(_ first: Expr, _ rest: [(op: CompareOperator, operand: Expr)]) throws -> Bool {
        var left = try eval(first)
        var leftSpan = first.span
        for (op, operandExpr) in rest {
            let right = try eval(operandExpr)
            let span = leftSpan.union(operandExpr.span)
            let holds = try located(span) { () throws(TemplateError) in try Interpreter.compare(op, left, right) }
            if !holds { return false }
            left = right
            leftSpan = operandExpr.span
        }
        return true
    }

    static func compare(_ op: CompareOperator, _ left: Value, _ right: Value) throws(TemplateError) -> Bool {
        switch op {
        case .eq: return Value.equals(left, right)
        case .ne: return !Value.equals(left, right)
        case .lt: return try Value.compare(left, right, operator: "<") < 0
        case .lteq: return try Value.compare(left, right, operator: "<=") <= 0
        case .gt: return try Value.compare(left, right, operator: ">") > 0
        case .gteq: return try Value.compare(left, right, operator: ">=") >= 0
        case .isIn: return try Value.contains(right, left)
        case .notIn: return try !Value.contains(right, left)
        }
    }

    /// `value.name`: methods of builtin types first, then dict keys and host object attributes, as Jinja2 does.
    func attribute(of value: Value, _ name: String, baseSpan: SourceSpan) throws -> Value {
        switch value {
        case .dict(let dict):
            if BuiltinMethods.has(name, on: value) { return BuiltinMethods.bound(value, name) }
            return dict[name] ?? .undefined(Undefined(attribute: name, of: value))
        case .object(let object):
            return object.attribute(name) ?? .undefined(Undefined(attribute: name, of: value))
        case .undefined(let undefined):
            if environment.options.undefined == .chainable { return value }
            throw undefinedError(undefined, at: baseSpan)
        default:
            if BuiltinMethods.has(name, on: value) { return BuiltinMethods.bound(value, name) }
            return .undefined(Undefined(attribute: name, of: value))
        }
    }

    /// `value[key]`: list, tuple and string indexes (negative from the end), dict keys, host object items.
    func item(of value: Value, _ key: Value, baseSpan: SourceSpan, span: SourceSpan) throws -> Value {
        let missing = Value.undefined(Undefined(attribute: key.renderedString, of: value))
        switch (value, key) {
        case (.list, .int(let index)), (.tuple, .int(let index)):
            let items = value.listItems ?? []
            return Value.index(items.count, index).map { items[$0] } ?? missing
        case (.string(let string), .int(let index)):
            let scalars = Array(string.unicodeScalars)
            return Value.index(scalars.count, index).map { .string(String(scalars[$0])) } ?? missing
        case (.dict(let dict), _):
            return dict.value(for: key) ?? missing
        case (.object(let object), _):
            return object.item(key) ?? missing
        case (.undefined(let undefined), _):
            if environment.options.undefined == .chainable { return value }
            throw undefinedError(undefined, at: baseSpan)
        case (_, .string(let name)):
            return try attribute(of: value, name, baseSpan: baseSpan)
        default:
            return missing
        }
    }

    private func evalSlice(_ value: Value, _ start: Expr?, _ stop: Expr?, _ step: Expr?, span: SourceSpan) throws
        -> Value
    {
        func bound(_ expr: Expr?) throws -> Int? {
            guard let expr else { return nil }
            switch try eval(expr) {
            case .int(let int): return int
            case .none: return nil
            case let other:
                throw Diagnostic.error(
                    .jinjaTypeError, "slice indices must be integers or none, not \(other.typeName)", in: file,
                    at: expr.span)
            }
        }
        let (from, to, by) = (try bound(start), try bound(stop), try bound(step))
        func indices(_ count: Int) throws -> [Int] {
            try located(span) { () throws(TemplateError) in
                try Value.sliceIndices(count: count, start: from, stop: to, step: by)
            }
        }
        switch value {
        case .list(let list):
            let items = list.items
            return .list(ListBox(try indices(items.count).map { items[$0] }))
        case .tuple(let items): return .tuple(try indices(items.count).map { items[$0] })
        case .string(let string):
            let scalars = Array(string.unicodeScalars)
            return .string(String(String.UnicodeScalarView(try indices(scalars.count).map { scalars[$0] })))
        case .undefined(let undefined):
            if environment.options.undefined == .chainable { return value }
            throw undefinedError(undefined, at: span)
        default:
            // Jinja2 turns a failed subscription into an undefined value rather than an error.
            return .undefined(Undefined(attribute: "[slice]", of: value))
        }
    }
}
