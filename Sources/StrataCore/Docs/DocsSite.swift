/// The static docs site: `index.html` with its CSS, script and data inlined, so it works opened from `file://`
/// and offline; the nodes' SQL in chunk scripts (`code/<n>.js`) the page loads when a node is opened, which keeps
/// the page small on big projects (a `<script src>` loads from `file://` where `fetch` may not); and the data
/// as `docs.json` for other tools.
public struct DocsSite: Sendable {
    /// The data document (`DocsCatalog.json`, SQL replaced by chunk numbers).
    public let data: JSON
    /// The chunk scripts' contents, in chunk order.
    public let codeChunks: [String]

    /// How much SQL (in UTF-8 bytes) one chunk holds before the next begins.
    static let chunkBytes = 256 * 1024

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
        let catalog = DocsCatalog(compiled: compiled, lineage: lineage, warehouse: warehouse)
        var chunks: [[(key: String, value: JSON)]] = []
        var assignment: [String: Int] = [:]
        var filled = Self.chunkBytes
        for id in catalog.documentedIDs {
            guard let node = compiled.nodes[id], let code = catalog.code(of: id) else { continue }
            if filled >= Self.chunkBytes {
                chunks.append([])
                filled = 0
            }
            chunks[chunks.count - 1].append((id, code))
            assignment[id] = chunks.count - 1
            filled += node.rawCode.utf8.count + (node.compiledCode?.utf8.count ?? 0)
        }
        self.data = catalog.json(generatedAt: generatedAt, codeChunks: assignment)
        self.codeChunks = chunks.map { entries in
            "window.strataCode(" + Self.scriptSafe(JSON.object(entries).encoded()) + ");\n"
        }
    }

    /// The data as JSON text (`docs.json`).
    public var dataJSON: String { data.encoded() + "\n" }

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
