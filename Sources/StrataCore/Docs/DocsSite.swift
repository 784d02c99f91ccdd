/// The static docs site: `index.html` with its CSS, script and data inlined, so it works opened from `file://`
/// and offline; the nodes' SQL in chunk scripts (`code/<n>.js`) the page loads when a node is opened, which keeps
/// the page small on big projects (a `<script src>` loads from `file://` where `fetch` may not); and the data
/// as `docs.json` for other tools.
public struct DocsSite: Sendable {
    /// The data document (`DocsCatalog.json`, SQL replaced by chunk numbers).
    public let data: JSON
    /// The chunk scripts' contents, in chunk order.
    public let codeChunks: [String]
    /// `data` as JSON text, encoded once for both the page and `docs.json`.
    private let encodedData: String

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
        self.encodedData = data.encoded()
        self.codeChunks = chunks.map { entries in
            "window.strataCode(" + Self.scriptSafe(JSON.object(entries).encoded()) + ");\n"
        }
    }

    /// The data as JSON text (`docs.json`).
    public var dataJSON: String { encodedData + "\n" }

    /// The page: HTML with the style, the script and the data embedded in `<script type="application/json">`.
    public var html: String {
        DocsPage.template
            .replacingFirst("/*STRATA_STYLE*/", with: DocsPage.style)
            .replacingFirst("/*STRATA_SCRIPT*/", with: DocsPage.script)
            .replacingFirst("/*STRATA_DATA*/", with: Self.scriptSafe(encodedData))
    }

    /// JSON text made safe inside a `<script>` element: `<`, `>` and `&` (which in JSON occur only inside strings)
    /// become `\u` escapes, so no `</script>` or `<!--` can end or confuse the element; U+2028 and U+2029 are
    /// escaped too.
    /// - Parameter json: JSON text.
    /// - Returns: the same JSON value, as text without those characters.
    public static func scriptSafe(_ json: String) -> String {
        // Byte by byte over UTF-8: the page's data is tens of megabytes on big projects. Every replaced character
        // is ASCII or a whole three-byte sequence, so no multi-byte character is ever split.
        let input = Array(json.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 16)
        var index = 0
        while index < input.count {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "<"): output.append(contentsOf: Self.escaped("003c"))
            case UInt8(ascii: ">"): output.append(contentsOf: Self.escaped("003e"))
            case UInt8(ascii: "&"): output.append(contentsOf: Self.escaped("0026"))
            case 0xE2 where index + 2 < input.count && input[index + 1] == 0x80 && (input[index + 2] & 0xFE) == 0xA8:
                output.append(contentsOf: Self.escaped(input[index + 2] == 0xA8 ? "2028" : "2029"))
                index += 2
            default: output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func escaped(_ hex: String) -> [UInt8] { Array("\\u\(hex)".utf8) }
}

extension String {
    /// The string with the first occurrence of `marker` replaced (no Foundation needed, and the replacement is
    /// inserted verbatim, never searched again).
    fileprivate func replacingFirst(_ marker: String, with replacement: String) -> String {
        guard let range = firstRange(of: marker) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
