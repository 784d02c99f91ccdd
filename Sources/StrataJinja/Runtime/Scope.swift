/// One level of variables: the template's top level, a loop body, a macro call, a `with` block.
///
/// `@unchecked Sendable` because macro values capture their defining scope and `Value` must be `Sendable`.
/// This is safe: a scope is created, read and written by exactly one render on one thread, and the interpreter
/// clears every scope it leaves, so a scope never outlives its render in a state another thread could reach.
final class Scope: @unchecked Sendable {
    var variables: [String: Value]
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
        self.variables = [:]
    }

    /// The value of a name in this scope or an enclosing one.
    func lookup(_ name: String) -> Value? {
        var scope = self
        while true {
            if !scope.variables.isEmpty, let value = scope.variables[name] { return value }
            guard let parent = scope.parent else { return nil }
            scope = parent
        }
    }

    func set(_ name: String, _ value: Value) { variables[name] = value }

    /// Every name visible from this scope, for "did you mean" suggestions.
    var allNames: [String] {
        var names: [String] = []
        var scope: Scope? = self
        while let current = scope {
            names.append(contentsOf: current.variables.keys)
            scope = current.parent
        }
        return names
    }

    /// Drops the variables, breaking reference cycles between a scope and macros defined in it.
    func clear() { variables.removeAll() }
}
