/// One level of variables: the template's top level, a loop body, a macro call, a `with` block.
///
/// Scopes hold few names, so they are parallel arrays searched linearly: comparing short strings is cheaper than
/// hashing them, and a loop resets its scope each iteration without reallocating.
///
/// `@unchecked Sendable` because macro values capture their defining scope and `Value` must be `Sendable`.
/// This is safe: a scope is created, read and written by exactly one render on one thread, and the interpreter
/// clears every scope it leaves, so a scope never outlives its render in a state another thread could reach.
final class Scope: @unchecked Sendable {
    // Exclusivity checks are off for the same reason as in `Interpreter`: one thread, no overlapping accesses.
    @exclusivity(unchecked) private(set) var names: [String] = []
    @exclusivity(unchecked) private(set) var values: [Value] = []
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
    }

    /// The value of a name in this scope or an enclosing one.
    func lookup(_ name: String) -> Value? {
        var scope = self
        while true {
            if let index = scope.index(of: name) { return scope.values[index] }
            guard let parent = scope.parent else { return nil }
            scope = parent
        }
    }

    @inline(__always)
    private func index(of name: String) -> Int? {
        var index = 0
        let count = names.count
        while index < count {
            if names[index] == name { return index }
            index += 1
        }
        return nil
    }

    func set(_ name: String, _ value: Value) {
        if let index = index(of: name) {
            values[index] = value
        } else {
            names.append(name)
            values.append(value)
        }
    }

    /// The variables of this level only, as a dictionary (for an imported template's exports).
    var variables: [String: Value] {
        Dictionary(zip(names, values), uniquingKeysWith: { $1 })
    }

    /// Every name visible from this scope, for "did you mean" suggestions.
    var allNames: [String] {
        var result: [String] = []
        var scope: Scope? = self
        while let current = scope {
            result.append(contentsOf: current.names)
            scope = current.parent
        }
        return result
    }

    /// Drops the variables (keeping capacity), breaking reference cycles between a scope and macros defined in it.
    func clear() {
        names.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }
}
