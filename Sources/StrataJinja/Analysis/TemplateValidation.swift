public import StrataDiagnostics

extension Environment {
    /// Finds filter and test names that are not registered, anywhere in a template, without rendering it.
    ///
    /// Rendering reports the first such name it reaches; this reports all of them, including ones in branches a
    /// render would skip, as Jinja2 does when it compiles a template. Hosts that collect diagnostics call it after
    /// parsing.
    /// - Parameter template: a parsed template.
    /// - Returns: one `J2002` or `J2003` diagnostic per unknown name, in source order.
    public func validate(_ template: Template) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let check = { (name: String, span: SourceSpan, isFilter: Bool) in
            let known = isFilter ? self.filter(named: name) != nil : self.test(named: name) != nil
            guard !known else { return }
            let kind = isFilter ? "filter" : "test"
            problems.append(
                Diagnostic.error(
                    isFilter ? .jinjaUnknownFilter : .jinjaUnknownTest, "unknown \(kind) '\(name)'", in: template.file,
                    at: span, label: "no \(kind) with this name",
                    help: EditDistance.suggestionHelp(for: name, among: isFilter ? self.filterNames : self.testNames)))
        }
        var walker = ASTWalker { expr, _ in
            switch expr.kind {
            case .filter(_, let filter): check(filter.name, filter.nameSpan, true)
            case .test(_, let test): check(test.name, test.nameSpan, false)
            default: break
            }
        }
        walker.visitBlockFilter = { filter in check(filter.name, filter.nameSpan, true) }
        walker.walk(template.nodes, conditional: false)
        return problems.sorted { ($0.primary?.span.start ?? 0) < ($1.primary?.span.start ?? 0) }
    }
}
