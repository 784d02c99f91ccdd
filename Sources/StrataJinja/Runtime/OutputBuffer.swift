import StrataDiagnostics

/// Where rendered text goes: the root output with its source map, or a capture for a macro body or block.
///
/// A struct held in one interpreter property, so each write is a single access to the interpreter's state.
struct OutputBuffer {
    var text = ""
    var sourceMap = SourceMap()
    /// Greater than zero while output is captured; captured text is not mapped.
    var captureDepth = 0
    let rootFile: SourceFile

    init(rootFile: SourceFile) { self.rootFile = rootFile }

    /// Appends literal template text of the root template, mapped byte for byte.
    mutating func appendVerbatim(_ string: Substring, _ span: SourceSpan) {
        if captureDepth == 0 {
            sourceMap.appendVerbatim(
                outputStart: text.utf8.count, length: span.length, file: rootFile, sourceStart: span.start)
        }
        text += string
    }

    /// Appends text produced by the tag at `tag`.
    mutating func appendGenerated(_ string: String, tag: SourceSpan) {
        if captureDepth == 0 {
            sourceMap.appendGenerated(outputStart: text.utf8.count, length: string.utf8.count, file: rootFile, tag: tag)
        }
        text += string
    }

    /// Starts capturing; returns the text so far, to hand back to `endCapture`.
    mutating func beginCapture() -> String {
        captureDepth += 1
        let saved = text
        text = ""
        return saved
    }

    /// Stops capturing and returns the captured text.
    mutating func endCapture(restoring saved: String) -> String {
        captureDepth -= 1
        let captured = text
        text = saved
        return captured
    }
}

extension SourceFile {
    /// The text of a span; O(1) to create for native UTF-8 strings.
    func slice(_ span: SourceSpan) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: span.start)
        return Substring(utf8[start..<utf8.index(start, offsetBy: span.length)])
    }
}
