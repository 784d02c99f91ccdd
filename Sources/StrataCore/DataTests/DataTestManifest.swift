import StrataDiagnostics

/// The members only a data test's manifest entry has that are not read straight from the node (`attached_node`
/// and `column_name` are), as dbt writes them. The manifest writer reads the node's fields in place: a struct of
/// copies of them cost a dozen reference counts a test.
enum DataTestManifest {
    /// A generic test's `file_key_name`: `models.orders` for `model.shop.orders`, `seeds.raw_customers`, or
    /// `sources.raw` for `source.shop.raw.orders` (the source, not the table). That is the id's first part with an
    /// `s`, then its last part (a source's name for a source), read from the id's bytes rather than split into
    /// strings (one test after another in a manifest of thousands).
    static func fileKeyName(attached: String) -> String {
        attached.withUTF8Bytes { id in
            let dot = UInt8(ascii: ".")
            let dots = id.indices.filter { id[$0] == dot }
            // Empty parts (`a..b`, a dot at either end) are dropped by splitting: left to the general way.
            let plain = !id.isEmpty && id.first != dot && id.last != dot && zip(dots, dots.dropFirst()).allSatisfy { $1 > $0 + 1 }
            guard plain else {
                let parts = attached.utf8.split(separator: dot).map { String(decoding: $0, as: UTF8.self) }
                let kind = parts.first.map { "\($0)s" } ?? "models"
                let name = parts.first == "source" && parts.count >= 4 ? parts[2] : parts.last ?? ""
                return "\(kind).\(name)"
            }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: id[range]), as: UTF8.self) }
            let first = text(0..<(dots.first ?? id.count))
            let name = first == "source" && dots.count >= 3 ? text((dots[1] + 1)..<dots[2]) : text(((dots.last ?? -1) + 1)..<id.count)
            return first + "s." + name
        }
    }

    /// Writes `test_metadata`.
    static func writeMetadata(_ metadata: TestMetadata, into members: inout JSONMembers) {
        members.object("test_metadata") { object in
            object.sorted("kwargs", metadata.kwargs)
            object.string("name", metadata.name)
            object.optional("namespace", metadata.namespace)
        }
    }
}
