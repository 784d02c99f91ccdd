import Foundation

/// Bridges to Foundation's JSON without leaking `NSNull` into the value types.
enum NSNullValue {
    static var null: Any { NSNull() }
}

/// Helpers for writing stable, diff-friendly JSON.
public enum JSONText {
    /// Serializes a JSON-compatible Foundation value with sorted keys.
    /// - Parameters:
    ///   - object: dictionaries, arrays, strings, numbers, booleans and `NSNull`.
    ///   - pretty: indent the output.
    /// - Returns: the JSON text.
    public static func encode(_ object: Any, pretty: Bool = false) -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        if pretty { options.insert(.prettyPrinted) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses JSON text into Foundation values.
    public static func decode(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
}
