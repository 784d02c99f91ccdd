/// The static docs site: one `index.html` with its CSS, script and data inlined, so it works opened from
/// `file://` and offline, plus the same data as a separate JSON file for other tools.
public struct DocsSite: Sendable {
    /// The data document (`DocsCatalog.json`).
    public let data: JSON

    /// Builds the site's data from a compiled project.
    /// - Parameters:
    ///   - compiled: the project to document.
    ///   - lineage: its column lineage, when analysed.
    ///   - warehouse: catalog, state and freshness facts, when read.
    ///   - generatedAt: a timestamp shown on the page (empty leaves it out).
    public init(
        compiled: CompiledProject, lineage: ProjectLineage? = nil, warehouse: DocsWarehouse = DocsWarehouse(),
        generatedAt: String = ""
    ) {
        self.data = DocsCatalog(compiled: compiled, lineage: lineage, warehouse: warehouse).json(
            generatedAt: generatedAt)
    }

    /// The data as pretty JSON text (`docs.json`).
    public var dataJSON: String { data.encoded(pretty: true) + "\n" }

    /// The page: HTML with the style, the script and the data embedded in `<script type="application/json">`.
    public var html: String {
        DocsPage.template
            .replacingFirst("/*STRATA_STYLE*/", with: DocsPage.style)
            .replacingFirst("/*STRATA_SCRIPT*/", with: DocsPage.script)
            .replacingFirst("/*STRATA_DATA*/", with: Self.scriptSafe(data.encoded()))
    }

    /// JSON text made safe inside a `<script>` element: `<`, `>` and `&` (which in JSON occur only inside strings)
    /// become `\u` escapes, so no `</script>` or `<!--` can end or confuse the element; U+2028 and U+2029 are
    /// escaped too.
    /// - Parameter json: JSON text.
    /// - Returns: the same JSON value, as text without those characters.
    public static func scriptSafe(_ json: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(json.unicodeScalars.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    /// The string with the first occurrence of `marker` replaced (no Foundation needed, and the replacement is
    /// inserted verbatim, never searched again).
    fileprivate func replacingFirst(_ marker: String, with replacement: String) -> String {
        guard let range = firstRange(of: marker) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
