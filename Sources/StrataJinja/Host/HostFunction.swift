/// A callable implemented in Swift, such as a host's `ref` or a builtin like `range`.
public struct HostFunction: Sendable {
    /// The implementation: receives the evaluated arguments and the call context.
    public typealias Body = @Sendable (_ arguments: Arguments, _ context: CallContext) throws -> Value

    /// The name used in error messages.
    public let name: String
    /// The implementation.
    public let body: Body

    /// Creates a host function.
    /// - Parameters:
    ///   - name: the name used in error messages.
    ///   - body: the implementation; throw `TemplateError` to report a problem at the call site.
    public init(name: String, body: @escaping Body) {
        self.name = name
        self.body = body
    }
}

/// A filter implementation: `value | name(arguments)`.
public typealias FilterFunction =
    @Sendable (_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Value

/// A test implementation: `value is name(arguments)`.
public typealias TestFunction =
    @Sendable (_ value: Value, _ arguments: Arguments, _ context: CallContext) throws -> Bool
