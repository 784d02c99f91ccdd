import Foundation
public import StrataDiagnostics

/// Checks a compiled project against its lint rules.
///
/// Only the root project's models are checked: packages follow their own conventions. Violations carry the
/// configured severity and point at the offending place: the `ref()`, `source()` or relation name for a schema
/// read, the model file for a name, the properties entry (or the model file) for a missing description.
public struct LintChecker: Sendable {
    /// Codes of the rules, stable like every diagnostic code.
    public enum Code {
        /// A model reads a schema its schema may not read.
        public static let schemaRead: DiagnosticCode = "L6001"
        /// A model's name does not match its folder's pattern.
        public static let naming: DiagnosticCode = "L6002"
        /// A model has no description.
        public static let modelDescription: DiagnosticCode = "L6003"
        /// A documented column has no description.
        public static let columnDescription: DiagnosticCode = "L6004"
    }

    /// The project checked.
    public let compiled: CompiledProject
    /// The rules applied.
    public let rules: LintRules

    /// Creates a checker.
    /// - Parameters:
    ///   - compiled: the compiled project.
    ///   - rules: the rules to apply.
    public init(compiled: CompiledProject, rules: LintRules) {
        self.compiled = compiled
        self.rules = rules
    }

    /// A naming rule with its patterns compiled once for all models.
    private struct NamingMatcher {
        var rule: LintRules.Naming
        var path: PathPattern
        var name: Regex<AnyRegexOutput>
    }

    /// Every violation, ordered by model file and position.
    public func violations() -> [Diagnostic] {
        guard !rules.isEmpty else { return [] }
        var found: [Diagnostic] = []
        // The parser already refused patterns that do not compile.
        let naming = rules.naming.compactMap { rule in
            (try? Regex(rule.pattern)).map { NamingMatcher(rule: rule, path: PathPattern(rule.path), name: $0) }
        }
        let models = compiled.project.models.filter {
            $0.resourceType == .model && $0.packageName == compiled.project.name && compiled.nodes[$0.id] != nil
        }
        for model in models.sorted(by: { $0.path < $1.path }) {
            let node = compiled.nodes[model.id]!
            found += schemaReadViolations(node)
            found += namingViolations(model, naming)
            found += descriptionViolations(model, node: node)
        }
        return found.map { violation in
            var violation = violation
            violation.severity = rules.severity
            return violation
        }
    }

    private func schemaReadViolations(_ node: CompiledNode) -> [Diagnostic] {
        let schema = node.graphNode.schema
        guard let rule = rules.schemaAccess(for: schema) else { return [] }
        var reported = Set<String>()
        var found: [Diagnostic] = []
        func violation(reading what: String, in targetSchema: String, at label: Label) -> Diagnostic {
            Diagnostic(
                .error, code: Code.schemaRead,
                message: "'\(node.graphNode.name)' in schema '\(schema)' reads \(what) in schema '\(targetSchema)', which schema '\(schema)' may not read",
                primary: label,
                notes: ["'\(rule.readers)' may read: \(rule.readable.joined(separator: ", ")) (\(Self.place(rule.declaration)))"])
        }
        for reference in node.references where reported.insert(reference.nodeID).inserted {
            guard let target = compiled.nodes[reference.nodeID] else { continue }
            let targetSchema = target.relation?.schema ?? target.graphNode.schema
            guard !rule.readable.contains(where: { allows($0, reader: schema, target: target, targetSchema: targetSchema) }) else {
                continue
            }
            let what = target.graphNode.resourceType == .source ? "source '\(target.graphNode.name)'" : "'\(target.graphNode.name)'"
            found.append(
                violation(reading: what, in: targetSchema, at: Label(file: reference.file, span: reference.span, text: "reads schema '\(targetSchema)'")))
        }
        for external in node.externalReferenceSites {
            // An unqualified name is found through the warehouse's search path, so its schema is unknown here.
            guard let targetSchema = external.schema, reported.insert(external.parts.joined(separator: ".")).inserted,
                !rule.readable.contains(where: { $0 == "self" ? targetSchema == schema : Glob($0).matches(targetSchema) })
            else { continue }
            found.append(
                violation(
                    reading: "'\(external.parts.joined(separator: "."))'", in: targetSchema,
                    at: Label(file: external.file, span: external.span, text: "reads schema '\(targetSchema)'")))
        }
        return found.sorted { ($0.primary?.span.start ?? 0) < ($1.primary?.span.start ?? 0) }
    }

    /// Whether one entry of a rule's list lets a model in `reader` read `target`.
    private func allows(_ entry: String, reader: String, target: CompiledNode, targetSchema: String) -> Bool {
        if entry == "self" { return targetSchema == reader }
        if entry.hasPrefix("source:") {
            guard let sourceName = target.graphNode.sourceName else { return false }
            return Glob(String(entry.dropFirst("source:".count))).matches(sourceName)
        }
        return Glob(entry).matches(targetSchema)
    }

    private func namingViolations(_ model: Model, _ naming: [NamingMatcher]) -> [Diagnostic] {
        naming.compactMap { matcher in
            let rule = matcher.rule
            guard matcher.path.matches(path: model.file.path), model.fileStem.firstMatch(of: matcher.name) == nil else { return nil }
            return Diagnostic(
                .error, code: Code.naming,
                message: "model name '\(model.fileStem)' does not match '\(rule.pattern)', required for '\(rule.path)'",
                primary: Label(file: model.file, span: .point(0), text: "model '\(model.fileStem)'"),
                notes: ["naming rule at \(Self.place(rule.declaration))"],
                help: "rename the file so its name matches the pattern")
        }
    }

    private static func isBlank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }

    /// `file:line:col` of a rule, named in notes: a second excerpt from another file would not say which file it is.
    private static func place(_ label: Label) -> String {
        "\(label.file.path):\(label.location)"
    }

    private func descriptionViolations(_ model: Model, node: CompiledNode) -> [Diagnostic] {
        let missingModel = rules.requireModelDescriptions && Self.isBlank(node.description)
        let missingColumns = rules.requireColumnDescriptions ? node.columns.filter { Self.isBlank($0.description) } : []
        guard missingModel || !missingColumns.isEmpty else { return [] }
        // Looked up only for a violation: it scans the project's properties files.
        let entry = propertiesEntry(for: model)
        var found: [Diagnostic] = []
        if missingModel {
            let primary = entry.map { Label(file: $0.file, span: $0.entry["name"]?.span ?? $0.entry.span, text: "no description") }
                ?? Label(file: model.file, span: .point(0), text: "no description")
            found.append(
                Diagnostic(
                    .error, code: Code.modelDescription, message: "model '\(node.graphNode.name)' has no description", primary: primary,
                    help: entry == nil ? "add 'description:' to the model's header or a properties file" : "add 'description:' to this entry"))
        }
        for column in missingColumns {
            let columnNode = entry.flatMap { found in
                found.entry["columns"]?.items.first { $0["name"]?.stringValue == column.name }?["name"]
            }
            let primary = columnNode.map { Label(file: entry!.file, span: $0.span, text: "no description") }
                ?? Label(file: model.file, span: .point(0), text: "column '\(column.name)'")
            found.append(
                Diagnostic(
                    .error, code: Code.columnDescription,
                    message: "column '\(column.name)' of model '\(node.graphNode.name)' has no description", primary: primary))
        }
        return found
    }

    /// The `models:` entry of a properties file that documents a model, if any.
    private func propertiesEntry(for model: Model) -> (file: SourceFile, entry: YAMLNode)? {
        guard let patchPath = model.patchFile else { return nil }
        for properties in compiled.project.propertyFiles where properties.file.path == patchPath && properties.packageName == model.packageName {
            for entry in properties.root["models"]?.items ?? [] {
                guard let name = entry["name"]?.stringValue else { continue }
                let candidates = ProjectLoader.patchNames(name, file: properties.file.path, layout: compiled.project.layout)
                if candidates.contains(model.name) { return (properties.file, entry) }
            }
        }
        return nil
    }
}

extension CompiledProject {
    /// Lint problems: an `L6000` error for each mistake in the lint block, then every rule violation at the
    /// configured severity. Empty when the project has no lint block.
    public func lintDiagnostics() -> [Diagnostic] {
        guard let declaration = project.lintDeclaration else { return [] }
        let (rules, problems) = LintRules.parse(declaration)
        return problems + LintChecker(compiled: self, rules: rules).violations()
    }
}
