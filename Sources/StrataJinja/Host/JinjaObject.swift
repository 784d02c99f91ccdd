/// An object implemented by the host and used from templates: attributes (`this.schema`), a call
/// (`config(materialized='table')`), methods (`config.get('x', 'default')`), a printed form (`{{ this }}`),
/// truthiness and optionally iteration and subscription.
///
/// Every requirement has a default, so an object implements only what it supports.
public protocol JinjaObject: Sendable {
    /// The type name used in messages, e.g. `relation` in "'relation' object has no attribute 'x'".
    var typeName: String { get }

    /// The value of an attribute, or nil when there is none (the template then sees an undefined value).
    func attribute(_ name: String) -> Value?

    /// Calls a method `object.name(arguments)`; return nil when there is no such method so the interpreter falls
    /// back to `attribute(name)` and calls that.
    func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value?

    /// Whether the object itself can be called.
    var isCallable: Bool { get }

    /// Calls the object itself: `object(arguments)`.
    func call(_ arguments: Arguments, context: CallContext) throws -> Value

    /// Subscription `object[key]`; by default a string key reads an attribute.
    func item(_ key: Value) -> Value?

    /// The text `{{ object }}` prints.
    var renderedString: String { get }

    /// Truthiness in `if` and boolean operators.
    var isTruthy: Bool { get }

    /// The values a `for` loop visits, or nil when the object is not iterable.
    func iterate() -> [Value]?

    /// Attribute names offered as "did you mean" suggestions.
    var attributeNames: [String] { get }

    /// Equality for `==`; by default objects are equal only when they are the same class instance.
    func isEqual(to other: any JinjaObject) -> Bool

    /// Python's arithmetic methods (`__add__`, `__sub__`, ...): `self <op> other`, or `other <op> self` when
    /// `reflected` (`__radd__`, ...), tried when the left operand has no answer.
    /// - Returns: the result, or nil when the object does not support the operation with this operand (the
    ///   interpreter then reports "unsupported operand type(s)").
    /// - Throws: `TemplateError` when the operation is supported but fails (an overflow, mixed time zones).
    func arithmetic(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value?

    /// Python's ordering methods (`__lt__`, ...), for `<`, `<=`, `>`, `>=`, `sort`, `min` and `max`.
    /// - Returns: negative, zero or positive as `self` orders before, with or after `other`; nil when the two
    ///   cannot be ordered (the interpreter then reports "'<' not supported between instances of ...").
    /// - Throws: `TemplateError` when ordering is refused with a reason of its own.
    func compare(to other: Value) throws(TemplateError) -> Int?

    /// Python's `__neg__`, for unary minus.
    /// - Returns: the negated value, or nil when the object cannot be negated.
    /// - Throws: `TemplateError` when negation fails.
    func negated() throws(TemplateError) -> Value?
}

extension JinjaObject {
    /// The Swift type name.
    public var typeName: String { String(describing: type(of: self)) }
    /// No attributes.
    public func attribute(_ name: String) -> Value? { nil }
    /// No methods; calls fall back to calling `attribute(name)`.
    public func callMethod(_ name: String, _ arguments: Arguments, context: CallContext) throws -> Value? { nil }
    /// Not callable.
    public var isCallable: Bool { false }
    /// Fails with "'type' object is not callable".
    public func call(_ arguments: Arguments, context: CallContext) throws -> Value {
        throw TemplateError(.jinjaNotCallable, "'\(typeName)' object is not callable")
    }
    /// A string key reads the attribute of that name.
    public func item(_ key: Value) -> Value? {
        if case .string(let name) = key { return attribute(name) }
        return nil
    }
    /// `<type object>`.
    public var renderedString: String { "<\(typeName) object>" }
    /// Always true.
    public var isTruthy: Bool { true }
    /// Not iterable.
    public func iterate() -> [Value]? { nil }
    /// No suggestions.
    public var attributeNames: [String] { [] }
    /// No arithmetic.
    public func arithmetic(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws(TemplateError) -> Value? { nil }
    /// No ordering.
    public func compare(to other: Value) throws(TemplateError) -> Int? { nil }
    /// No negation.
    public func negated() throws(TemplateError) -> Value? { nil }
    /// Identity for class instances; value types are never equal.
    public func isEqual(to other: any JinjaObject) -> Bool {
        guard type(of: self) is AnyClass, type(of: other) is AnyClass else { return false }
        return (self as AnyObject) === (other as AnyObject)
    }
}
