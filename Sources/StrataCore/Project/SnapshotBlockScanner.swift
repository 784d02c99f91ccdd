import StrataDiagnostics

/// One `{% snapshot name %} … {% endsnapshot %}` block of a file.
struct SnapshotBlock {
    /// The snapshot's name.
    var name: String
    /// The name's bytes in the file, where diagnostics about the snapshot point.
    var nameSpan: SourceSpan
    /// The body's bytes: from the end of the opening tag to the start of `{% endsnapshot %}`.
    var body: SourceSpan

    /// The file with everything outside the body blanked to spaces (line breaks kept), so the body renders alone
    /// while every line:column in it stays where it is in the real file.
    func isolatedFile(_ file: SourceFile) -> SourceFile {
        var text = ""
        text.reserveCapacity(file.text.utf8.count)
        var offset = 0
        for scalar in file.text.unicodeScalars {
            let inside = offset >= body.start && offset < body.end
            text.unicodeScalars.append(inside || scalar == "\n" || scalar == "\r" ? scalar : " ")
            offset += UTF8.width(scalar)
        }
        return SourceFile(path: file.path, text: text)
    }

    /// The body as written.
    func bodyText(_ file: SourceFile) -> String {
        let bytes = Array(file.text.utf8)[body.start..<body.end]
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Finds snapshot blocks by scanning a file's `{% … %}` tags (comments skipped), without rendering it: which
/// snapshots exist must be known before anything is rendered.
enum SnapshotBlockScanner {
    /// The blocks of a file, in order, and the problems found (`P1080` unterminated, `P1081` malformed).
    static func scan(_ file: SourceFile) -> (blocks: [SnapshotBlock], diagnostics: [Diagnostic]) {
        let bytes = Array(file.text.utf8)
        var blocks: [SnapshotBlock] = []
        var problems: [Diagnostic] = []
        var open: (name: String, nameSpan: SourceSpan, tag: SourceSpan, bodyStart: Int)?
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"),
                bytes[index + 1] == UInt8(ascii: "%") || bytes[index + 1] == UInt8(ascii: "#")
            else {
                index += 1
                continue
            }
            let isComment = bytes[index + 1] == UInt8(ascii: "#")
            let closer = isComment ? UInt8(ascii: "#") : UInt8(ascii: "%")
            guard let end = find(closer, UInt8(ascii: "}"), in: bytes, from: index + 2) else { break }
            defer { index = end + 2 }
            if isComment { continue }
            let tag = SourceSpan(start: index, end: end + 2)
            let words = self.words(in: bytes, from: index + 2, to: end)
            switch words.first?.text ?? "" {
            case "snapshot":
                if let current = open {
                    problems.append(
                        .error(
                            "P1081", "snapshot block '\(current.name)' is not closed before the next one opens",
                            in: file,
                            at: tag, label: "next block opens here", help: "add '{% endsnapshot %}' before this tag"))
                }
                guard words.count >= 2 else {
                    problems.append(
                        .error(
                            "P1081", "snapshot block has no name", in: file, at: tag,
                            help: "write '{% snapshot my_snapshot %}'"))
                    open = nil
                    continue
                }
                open = (name: words[1].text, nameSpan: words[1].span, tag: tag, bodyStart: end + 2)
            case "endsnapshot":
                guard let current = open else {
                    problems.append(.error("P1081", "'endsnapshot' without an open snapshot block", in: file, at: tag))
                    continue
                }
                blocks.append(
                    SnapshotBlock(
                        name: current.name, nameSpan: current.nameSpan,
                        body: SourceSpan(start: current.bodyStart, end: index)))
                open = nil
            default:
                continue
            }
        }
        if let current = open {
            var diagnostic = Diagnostic.error(
                "P1080", "snapshot block '\(current.name)' is never closed", in: file, at: .point(bytes.count),
                label: "expected '{% endsnapshot %}'", help: "add '{% endsnapshot %}' after the snapshot's query")
            diagnostic.secondary = [Label(file: file, span: current.tag, text: "block opened here")]
            problems.append(diagnostic)
        }
        return (blocks, problems)
    }

    private static func find(_ first: UInt8, _ second: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == first && bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    /// The words of a tag's inside, `-` whitespace control removed.
    private static func words(in bytes: [UInt8], from start: Int, to end: Int) -> [(text: String, span: SourceSpan)] {
        var words: [(text: String, span: SourceSpan)] = []
        var index = start
        func isWordByte(_ byte: UInt8) -> Bool {
            !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+"))
        }
        while index < end {
            guard isWordByte(bytes[index]) else {
                index += 1
                continue
            }
            let wordStart = index
            while index < end, isWordByte(bytes[index]) { index += 1 }
            words.append(
                (
                    text: String(decoding: bytes[wordStart..<index], as: UTF8.self),
                    span: SourceSpan(start: wordStart, end: index)
                ))
        }
        return words
    }
}
