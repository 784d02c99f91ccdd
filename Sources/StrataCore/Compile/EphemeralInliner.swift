import StrataDiagnostics

/// Inlines ephemeral models as CTEs into every model that reads them (directly or through other ephemeral
/// models), deepest first, as dbt does: into the model's own `WITH` when it has one, else as a new `WITH`.
enum EphemeralInliner {
    /// - Parameter bare: the ephemeral units by id, before any was inlined (`ephemeralUnits`).
    static func inline(_ units: inout [ModelUnit], ephemerals bare: [String: ModelUnit], graph: Graph) {
        guard !bare.isEmpty else { return }
        // Each unit reads the ephemeral units as they were before any was changed: on all cores.
        ParallelMap.update(&units) { [bare] unit in
            let ordered = ephemeralAncestors(of: unit.id, graph: graph) { bare[$0] != nil }
            guard !ordered.isEmpty, let sql = unit.compiledSQL else { return }
            let definitions = ordered.compactMap { id -> String? in
                guard let unit = bare[id], let name = unit.cteName, let body = unit.compiledSQL else { return nil }
                return "\(name) as (\n\(body)\n)"
            }
            let (text, edit) = inject(definitions, into: sql)
            unit.compiledSQL = text
            unit.sourceMap = unit.sourceMap?.applying([edit])
        }
    }

    /// The ephemeral units by id. Whether a unit is ephemeral is a lookup in its configuration: asked on all cores.
    static func ephemeralUnits(_ units: [ModelUnit]) -> [String: ModelUnit] {
        var ephemerals: [String: ModelUnit] = [:]
        for (unit, isEphemeral) in zip(units, ParallelMap.map(units) { $0.isEphemeral }) where isEphemeral { ephemerals[unit.id] = unit }
        return ephemerals
    }

    /// Ephemeral models a node reads, directly or through other ephemeral models, dependencies first.
    static func ephemeralAncestors(of id: String, graph: Graph, isEphemeral: (String) -> Bool) -> [String] {
        var ordered: [String] = []
        var visited: Set<String> = []
        func visit(_ node: String) {
            for parent in graph.parents(of: node) where isEphemeral(parent) && !visited.contains(parent) {
                visited.insert(parent)
                visit(parent)
                ordered.append(parent)
            }
        }
        visit(id)
        return ordered
    }

    /// Puts CTE definitions into a query.
    static func inject(_ definitions: [String], into sql: String) -> (String, TextEdit) {
        let bytes = Array(sql.utf8)
        let start = firstTokenOffset(bytes)
        let joined = definitions.joined(separator: ",\n")
        if startsWithWord("with", bytes, at: start) {
            var after = start + 4
            let recursiveAt = firstTokenOffset(bytes, from: after)
            if startsWithWord("recursive", bytes, at: recursiveAt) { after = recursiveAt + 9 }
            let insertion = " \(joined),"
            return (splice(sql, at: after, insertion), .insertion(at: after, length: insertion.utf8.count))
        }
        let insertion = "with \(joined)\n"
        return (splice(sql, at: start, insertion), .insertion(at: start, length: insertion.utf8.count))
    }

    private static func splice(_ sql: String, at offset: Int, _ insertion: String) -> String {
        let index = sql.utf8.index(sql.utf8.startIndex, offsetBy: offset)
        return String(sql[..<index]) + insertion + String(sql[index...])
    }

    /// Skips whitespace and comments.
    static func firstTokenOffset(_ bytes: [UInt8], from start: Int = 0) -> Int {
        var i = start
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                i += 1
            } else if byte == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if byte == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i = min(bytes.count, i + 2)
            } else {
                break
            }
        }
        return i
    }

    private static func startsWithWord(_ word: String, _ bytes: [UInt8], at offset: Int) -> Bool {
        let letters = Array(word.utf8)
        guard offset + letters.count <= bytes.count else { return false }
        for (index, letter) in letters.enumerated() where bytes[offset + index] | 0x20 != letter { return false }
        let end = offset + letters.count
        guard end < bytes.count else { return true }
        let next = bytes[end]
        return !(next == UInt8(ascii: "_") || (next | 0x20 >= 97 && next | 0x20 <= 122) || (next >= 48 && next <= 57))
    }
}
