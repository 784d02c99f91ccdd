import Foundation

extension ConfigValue: Decodable {
    /// Decodes any JSON document, keeping booleans, integers and doubles apart on every platform.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else if let int = try? container.decode(Int.self) { self = .int(int) }
        else if let double = try? container.decode(Double.self) { self = .double(double) }
        else if let string = try? container.decode(String.self) { self = .string(string) }
        else if let array = try? container.decode([ConfigValue].self) { self = .list(array) }
        else { self = .dict(try container.decode([String: ConfigValue].self)) }
    }

    /// Parses JSON text, or returns nil when it is not valid JSON.
    static func parseJSON(_ text: String) -> ConfigValue? {
        try? JSONDecoder().decode(ConfigValue.self, from: Data(text.utf8))
    }
}
