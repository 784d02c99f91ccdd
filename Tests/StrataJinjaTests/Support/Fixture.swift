import Foundation
import StrataDiagnostics

@testable import StrataJinja

/// A render or error fixture: a JSON context, then one or more files.
///
///     {"name": "x", "$options": {"trim_blocks": true}}
///     --- macros/utils.sql
///     {% macro m() %}…{% endmacro %}
///     --- models/x.sql
///     {{ m() }}
///
/// A bare `---` names the single template after the fixture. Files under `macros/` go into the macro library
/// (in namespace `pkg` when under `macros/pkg/`); the last file is rendered. `$options` keys: `trim_blocks`,
/// `lstrip_blocks`, `keep_trailing_newline`, `return` (enable `return()`), `undefined` (`strict`/`chainable`).
struct Fixture {
    var context: [String: Value]
    var options: [String: Any]
    var files: [(path: String, text: String)]

    init(name: String, source: String) throws {
        let lines = source.components(separatedBy: "\n")
        guard let first = lines.firstIndex(where: { $0.hasPrefix("---") }) else {
            throw FixtureError.malformed("\(name): missing '---'")
        }
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(lines[..<first].joined(separator: "\n").utf8))
        guard case .object(var object) = json else { throw FixtureError.malformed("\(name): context is not an object") }
        options = object.removeValue(forKey: "$options")?.plain as? [String: Any] ?? [:]
        context = object.mapValues(\.value)
        files = []
        let header = lines[first]
        var path = header == "---" ? (name as NSString).deletingPathExtension + ".sql" : String(header.dropFirst(4))
        var buffer: [String] = []
        for line in lines[(first + 1)...] {
            if line.hasPrefix("--- ") {
                files.append((path, buffer.joined(separator: "\n")))
                path = String(line.dropFirst(4))
                buffer = []
            } else {
                buffer.append(line)
            }
        }
        files.append((path, buffer.joined(separator: "\n")))
    }

    var parseOptions: ParseOptions {
        ParseOptions(
            trimBlocks: options["trim_blocks"] as? Bool ?? false,
            lstripBlocks: options["lstrip_blocks"] as? Bool ?? false,
            keepTrailingNewline: options["keep_trailing_newline"] as? Bool ?? false, blockTags: FixtureHost.blockTags)
    }

    var environmentOptions: Environment.Options {
        let undefined: UndefinedBehavior
        switch options["undefined"] as? String {
        case "strict": undefined = .strict
        case "chainable": undefined = .chainable
        default: undefined = .lenient
        }
        return Environment.Options(
            parse: parseOptions, undefined: undefined, enableReturn: options["return"] as? Bool ?? false)
    }

    /// Parses every file, registers the macro files and renders the last file.
    func render() throws(Diagnostic) -> RenderOutput {
        var environment = Environment(options: environmentOptions)
        FixtureHost.install(into: &environment)
        var templates: [String: Template] = [:]
        for (path, text) in files {
            let template = try environment.parse(SourceFile(path: path, text: text))
            if path.hasPrefix("macros/") {
                let parts = path.split(separator: "/")
                try environment.macros.add(template, namespace: parts.count > 2 ? String(parts[1]) : nil)
            }
            templates[path] = template
        }
        let loadable = templates
        environment.loader = { name in loadable[name] }
        return try environment.render(templates[files.last!.path]!, globals: context)
    }

}

enum FixtureError: Error {
    case malformed(String)
}

/// JSON with numbers kept as ints or doubles, decoded without Foundation's type guessing.
enum JSONValue: Decodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The template value; object keys are sorted so output does not depend on hashing.
    var value: Value {
        switch self {
        case .null: return .none
        case .bool(let bool): return .bool(bool)
        case .int(let int): return .int(int)
        case .double(let double): return .double(double)
        case .string(let string): return .string(string)
        case .array(let items): return .list(ListBox(items.map(\.value)))
        case .object(let object):
            return .dict(DictBox(object.keys.sorted().map { (Value.string($0), object[$0]!.value) }))
        }
    }

    var plain: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let bool): return bool
        case .int(let int): return int
        case .double(let double): return double
        case .string(let string): return string
        case .array(let items): return items.map(\.plain)
        case .object(let object): return object.mapValues(\.plain)
        }
    }
}
