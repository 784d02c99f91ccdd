/// The members of one JSON object, written straight into a byte buffer in the order given. For documents of tens
/// of thousands of objects (the manifest's nodes), where building a `JSON` tree per object and encoding it costs
/// several times more than writing it. The caller gives the keys in the order the document wants (artifacts sort
/// them).
struct JSONMembers {
    private let out: ByteBuffer
    private var first = true

    /// Opens an object at the end of `out`; `finish()` closes it.
    init(_ out: ByteBuffer) {
        self.out = out
        out.append(UInt8(ascii: "{"))
    }

    /// Closes the object.
    func finish() {
        out.append(UInt8(ascii: "}"))
    }

    /// Members already encoded as `"key":value` text (see `encoded(_:_:)`), separated by commas: for members many
    /// objects share.
    mutating func encoded(_ members: UnsafeBufferPointer<UInt8>) {
        separate()
        out.append(contentsOf: members)
    }

    /// A value already encoded as JSON text.
    mutating func raw(_ key: StaticString, _ value: [UInt8]) {
        self.key(key)
        out.append(contentsOf: value)
    }

    /// A value already encoded as JSON text, in a buffer.
    mutating func raw(_ key: StaticString, _ value: UnsafeBufferPointer<UInt8>) {
        self.key(key)
        out.append(contentsOf: value)
    }

    /// A value whose JSON text is a constant.
    mutating func raw(_ key: StaticString, _ value: StaticString) {
        raw(key, UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
    }

    mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        JSON.encode(string: value, into: out)
    }

    /// A string that is part of another.
    mutating func string(_ key: StaticString, _ value: Substring) {
        self.key(key)
        JSON.encode(string: value, into: out)
    }

    /// A string, or null when absent.
    mutating func optional(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value { JSON.encode(string: value, into: out) } else { out.append("null") }
    }

    mutating func strings(_ key: StaticString, _ values: [String]) {
        self.key(key)
        out.append(UInt8(ascii: "["))
        for index in values.indices {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSON.encode(string: values[index], into: out)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func json(_ key: StaticString, _ value: JSON) {
        self.key(key)
        value.encode(into: out)
    }

    /// A member with a key known only at run time (a column's name, a configuration key).
    mutating func json(key: String, _ value: JSON) {
        self.key(key)
        value.encode(into: out)
    }

    /// A mapping of configuration values with its keys sorted (`{}` when empty, as most are).
    mutating func sorted(_ key: StaticString, _ values: [String: ConfigValue]) {
        guard !values.isEmpty else { return raw(key, Self.emptyObjectText) }
        json(key, .sortedObject(values.mapValues(\.json)))
    }

    /// A nested object, written by `body`.
    mutating func object(_ key: StaticString, _ body: (inout JSONMembers) -> Void) {
        self.key(key)
        nested(body)
    }

    /// A nested object under a key known only at run time.
    mutating func object(key: String, _ body: (inout JSONMembers) -> Void) {
        self.key(key)
        nested(body)
    }

    /// An array of objects, each written by `body`.
    mutating func objects<Element>(_ key: StaticString, _ items: [Element], _ body: (Element, inout JSONMembers) -> Void) {
        self.key(key)
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            nested { body(item, &$0) }
        }
        out.append(UInt8(ascii: "]"))
    }

    /// The text of one `"key":value` member, for `encoded(_:)`.
    static func encoded(_ key: String, _ value: JSON) -> [UInt8] {
        var bytes: [UInt8] = []
        JSON.string(key).encode(into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        value.encode(into: &bytes)
        return bytes
    }

    static let emptyObjectText: StaticString = "{}"

    private mutating func nested(_ body: (inout JSONMembers) -> Void) {
        var object = JSONMembers(out)
        body(&object)
        object.finish()
    }

    private mutating func separate() {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
    }

    private mutating func key(_ key: StaticString) {
        out.appendKey(key, afterComma: !first)
        first = false
    }

    private mutating func key(_ key: String) {
        separate()
        JSON.encode(string: key, into: out)
        out.append(UInt8(ascii: ":"))
    }
}
