import Foundation
import StrataDiagnostics

/// Reads `unit_tests:` entries of properties files into `UnitTestDefinition`s, reporting malformed entries at
/// their YAML position.
struct UnitTestCollector {
    static let badEntry: DiagnosticCode = "P1100"
    static let badInput: DiagnosticCode = "P1102"
    static let badRows: DiagnosticCode = "P1103"
    static let missingFixture: DiagnosticCode = "P1107"

    let project: Project
    let diagnostics: DiagnosticCollector

    func collect() -> [UnitTestDefinition] {
        var tests: [UnitTestDefinition] = []
        for properties in project.propertyFiles {
            guard let section = properties.root["unit_tests"] else { continue }
            guard case .sequence(let entries) = section.kind else {
                report(Self.badEntry, "'unit_tests' must be a list of unit tests", properties.file, section.span)
                continue
            }
            for entry in entries {
                if let test = parse(entry, properties: properties), test.config.enabled { tests.append(test) }
            }
        }
        return tests
    }

    private func report(
        _ code: DiagnosticCode, _ message: String, _ file: SourceFile, _ span: SourceSpan, label: String = "",
        help: String? = nil
    ) {
        diagnostics.emit(.error(code, message, in: file, at: span, label: label, help: help))
    }

    private func parse(_ entry: YAMLNode, properties: PropertiesFile) -> UnitTestDefinition? {
        let file = properties.file
        guard entry.isMapping else {
            report(
                Self.badEntry, "a unit test must be a mapping with 'name', 'model', 'given' and 'expect'", file,
                entry.span)
            return nil
        }
        guard let nameNode = entry["name"], let name = nameNode.stringValue, !name.isEmpty else {
            report(Self.badEntry, "a unit test needs a 'name'", file, entry.span, label: "no 'name' in this entry")
            return nil
        }
        guard let modelNode = entry["model"], let model = modelNode.stringValue, !model.isEmpty else {
            report(
                Self.badEntry, "unit test '\(name)' needs a 'model'", file, nameNode.span,
                label: "no 'model' for this test",
                help: "add 'model: <model name>' to the entry")
            return nil
        }
        guard let expectNode = entry["expect"] else {
            report(
                Self.badEntry, "unit test '\(name)' needs an 'expect' entry", file, nameNode.span,
                label: "no 'expect' for this test",
                help: "add 'expect: {rows: [...]}'")
            return nil
        }
        var problems = false
        var inputs: [UnitTestInput] = []
        let givenNode = entry["given"]
        if let givenNode, case .sequence(let items) = givenNode.kind {
            for item in items {
                if let input = parseInput(item, test: name, file: file) {
                    inputs.append(input)
                } else {
                    problems = true
                }
            }
        } else if let givenNode, !(givenNode.value == .null) {
            report(Self.badEntry, "'given' of unit test '\(name)' must be a list of inputs", file, givenNode.span)
            problems = true
        }
        guard let expect = parseRows(expectNode, test: name, file: file, role: "expect") else { return nil }
        if expect.format != .sql && expect.columns.isEmpty && !expect.rows.isEmpty {
            report(Self.badRows, "the expected rows of unit test '\(name)' name no columns", file, expectNode.span)
            return nil
        }
        guard !problems else { return nil }
        var config = NodeConfig()
        config.merge(entry["config"]?.value.dictValue ?? [:])
        return UnitTestDefinition(
            name: name, modelName: model, packageName: properties.packageName,
            description: entry["description"]?.stringValue ?? "", given: inputs, expect: expect,
            overrides: overrides(entry["overrides"]), config: config, file: file, span: nameNode.span,
            modelSpan: modelNode.span, path: file.path)
    }

    private func parseInput(_ item: YAMLNode, test: String, file: SourceFile) -> UnitTestInput? {
        guard let inputNode = item["input"], let expression = inputNode.stringValue else {
            report(
                Self.badInput, "each 'given' entry of unit test '\(test)' needs an 'input'", file, item.span,
                help: "write 'input: ref(\"model_name\")' or 'input: source(\"source\", \"table\")'")
            return nil
        }
        guard let target = UnitTestInputTarget(expression: expression) else {
            report(
                Self.badInput, "input '\(expression)' of unit test '\(test)' is not ref(), source() or this", file,
                inputNode.span,
                label: "expected ref('name'), ref('package', 'name'), source('source', 'table') or this")
            return nil
        }
        guard let rows = parseRows(item, test: test, file: file, role: "input \(expression)") else { return nil }
        return UnitTestInput(target: target, expression: expression, rows: rows, span: inputNode.span)
    }

    /// Reads `rows`/`format`/`fixture` of a `given` item or the `expect` entry.
    private func parseRows(_ node: YAMLNode, test: String, file: SourceFile, role: String) -> UnitTestRows? {
        let formatText = node["format"]?.stringValue ?? "dict"
        guard let format = UnitTestRows.Format(rawValue: formatText) else {
            report(
                Self.badRows, "unknown format '\(formatText)' in unit test '\(test)'", file,
                node["format"]?.span ?? node.span,
                label: "expected dict, csv or sql")
            return nil
        }
        var rowsNode = node["rows"]
        var text: String?
        var textFile = file
        var textSpan = rowsNode?.span ?? node.span
        if let fixtureNode = node["fixture"], let fixture = fixtureNode.stringValue {
            guard format != .dict else {
                report(Self.badRows, "a fixture needs 'format: csv' or 'format: sql'", file, fixtureNode.span)
                return nil
            }
            guard let found = project.unitTestFixtures["\(fixture).\(format.rawValue)"] else {
                report(
                    Self.missingFixture, "no fixture file '\(fixture).\(format.rawValue)' for unit test '\(test)'",
                    file,
                    fixtureNode.span, label: "not found under the test paths' fixtures/ folders")
                return nil
            }
            text = found.file.text
            textFile = found.file
            textSpan = SourceSpan(start: 0, end: 0)
            rowsNode = nil
        } else if let rowsNode, format != .dict {
            guard let value = rowsNode.stringValue else {
                report(Self.badRows, "'rows' in \(format.rawValue) format must be a string", file, rowsNode.span)
                return nil
            }
            text = value
        }
        switch format {
        case .sql:
            return UnitTestRows(format: .sql, sql: text ?? "")
        case .csv:
            return csvRows(text ?? "", file: textFile, near: textSpan, test: test)
        case .dict:
            return dictRows(rowsNode, file: file, test: test, role: role)
        }
    }

    private func dictRows(_ node: YAMLNode?, file: SourceFile, test: String, role: String) -> UnitTestRows? {
        var rows = UnitTestRows(format: .dict)
        guard let node, node.value != .null else { return rows }
        guard case .sequence(let items) = node.kind else {
            report(Self.badRows, "'rows' of \(role) in unit test '\(test)' must be a list of mappings", file, node.span)
            return nil
        }
        for item in items {
            guard item.isMapping else {
                report(
                    Self.badRows, "a row of \(role) in unit test '\(test)' is not a mapping", file, item.span,
                    label: "expected {column: value, ...}")
                return nil
            }
            var row: [String: UnitTestValue] = [:]
            for (key, value) in item.pairs {
                let column = key.stringValue ?? key.value.description
                if !rows.columns.contains(column) { rows.columns.append(column) }
                row[column] = UnitTestValue(value.value)
            }
            rows.rows.append(row)
        }
        return rows
    }

    private func csvRows(_ text: String, file: SourceFile, near span: SourceSpan, test: String) -> UnitTestRows? {
        var reader = CSVReader(text: text).makeIterator()
        var rows = UnitTestRows(format: .csv)
        guard let header = reader.next() else { return rows }
        rows.columns = header.map { $0.trimmingCharacters(in: .whitespaces) }
        while let fields = reader.next() {
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == header.count else {
                let line = fields.joined(separator: ",")
                report(
                    Self.badRows,
                    "a CSV row of unit test '\(test)' has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header has \(header.count)",
                    file, locate(line, in: file, after: span.start) ?? span, label: "this row")
                return nil
            }
            var row: [String: UnitTestValue] = [:]
            for (column, field) in zip(rows.columns, fields) { row[column] = UnitTestValue(csvField: field) }
            rows.rows.append(row)
        }
        return rows
    }

    /// The span of a CSV row's text in the file, searched from the block's start.
    private func locate(_ line: String, in file: SourceFile, after start: Int) -> SourceSpan? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let bytes = Array(file.text.utf8)
        let needle = Array(trimmed.utf8)
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) {
                return SourceSpan(start: index, end: index + needle.count)
            }
            index += 1
        }
        return nil
    }

    private func overrides(_ node: YAMLNode?) -> UnitTestOverrides {
        var overrides = UnitTestOverrides()
        guard let node else { return overrides }
        overrides.vars = node["vars"]?.value.dictValue ?? [:]
        overrides.macros = node["macros"]?.value.dictValue ?? [:]
        for (key, value) in node["env_vars"]?.value.dictValue ?? [:] {
            overrides.environmentVariables[key] = value.stringValue ?? value.description
        }
        return overrides
    }
}
