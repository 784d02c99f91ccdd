import Foundation
import StrataDiagnostics

/// The YAML block a plain-layout model may start with:
///
///     /*---
///     description: One row per deal.
///     materialized: table
///     ---*/
struct MetadataHeader {
    var description: String?
    var columns: [ColumnInfo]
    var config: [String: ConfigValue]
    /// Where the SQL starts, after the header.
    var bodyOffset: Int

    static let opening = "/*---"
    static let closing = "---*/"

    /// Parses the header of a file, if it has one; problems are recorded and nil returned.
    static func parse(_ file: SourceFile, diagnostics: DiagnosticCollector) -> MetadataHeader? {
        let text = file.text
        let trimmedStart = text.utf8.firstIndex { !isWhitespace($0) } ?? text.utf8.endIndex
        guard text.utf8[trimmedStart...].starts(with: opening.utf8) else { return nil }
        let openOffset = text.utf8.distance(from: text.utf8.startIndex, to: trimmedStart)
        let yamlStart = text.utf8.index(trimmedStart, offsetBy: opening.utf8.count)
        guard let closeRange = text[yamlStart...].range(of: closing) else {
            diagnostics.emit(
                .error(
                    "P1003", "metadata header is not closed", in: file,
                    at: SourceSpan(start: openOffset, end: openOffset + opening.utf8.count),
                    label: "header opened here", help: "end the YAML header with a line '\(closing)'"))
            return nil
        }
        let yamlText = String(text[yamlStart..<closeRange.lowerBound])
        let baseOffset = text.utf8.distance(from: text.utf8.startIndex, to: yamlStart)
        let bodyOffset = text.utf8.distance(from: text.utf8.startIndex, to: closeRange.upperBound)
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(file, text: yamlText, baseOffset: baseOffset)
        } catch {
            diagnostics.emit(error)
            return nil
        }
        guard let root else { return MetadataHeader(description: nil, columns: [], config: [:], bodyOffset: bodyOffset) }
        guard root.isMapping else {
            diagnostics.emit(.error("P1004", "metadata header must be a YAML mapping", in: file, at: root.span))
            return nil
        }
        var config: [String: ConfigValue] = [:]
        for (key, value) in root.pairs {
            guard let name = key.stringValue, !["description", "columns", "config"].contains(name) else { continue }
            config[name] = value.value
        }
        config.merge(root["config"]?.value.dictValue ?? [:]) { _, new in new }
        return MetadataHeader(
            description: root["description"]?.stringValue, columns: PropertiesFile.columns(root["columns"]),
            config: config, bodyOffset: bodyOffset)
    }

    /// Whether text needs the template engine at all; most plain SQL does not.
    static func containsTemplateSyntax(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == UInt8(ascii: "{"), byte == UInt8(ascii: "{") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "#") {
                return true
            }
            previous = byte
        }
        return false
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
