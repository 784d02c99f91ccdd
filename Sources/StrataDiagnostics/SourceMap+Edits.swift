/// A replacement of a range of text by new text of some length, used to carry source maps through rewrites.
public struct TextEdit: Sendable, Hashable {
    /// The replaced bytes in the text before the edit.
    public var range: SourceSpan
    /// Length in bytes of the text put in their place.
    public var replacementLength: Int

    /// Creates an edit.
    public init(range: SourceSpan, replacementLength: Int) {
        self.range = range
        self.replacementLength = replacementLength
    }

    /// An insertion of some bytes at an offset.
    public static func insertion(at offset: Int, length: Int) -> TextEdit {
        TextEdit(range: .point(offset), replacementLength: length)
    }
}

extension SourceMap {
    /// The map of the text after applying non-overlapping edits: untouched runs move by the edits before them,
    /// and replaced text maps to where the replaced text came from, so an error in a rewritten table name still
    /// points at the name the user wrote. Inserted text (an empty range) maps nowhere.
    /// - Parameter edits: edits against the text this map describes, in any order, not overlapping.
    /// - Returns: the map for the edited text.
    public func applying(_ edits: [TextEdit]) -> SourceMap {
        guard !edits.isEmpty else { return self }
        let sorted = edits.sorted { $0.range.start < $1.range.start }
        var result = SourceMap()
        var editIndex = 0
        var delta = 0
        var cursor = 0
        let end = segments.last.map { $0.outputStart + $0.outputLength } ?? 0
        while cursor < end || editIndex < sorted.count {
            let nextEdit = editIndex < sorted.count ? sorted[editIndex] : nil
            let stop = nextEdit.map { min($0.range.start, end) } ?? end
            if cursor < stop {
                copy(from: cursor, to: stop, shift: delta, into: &result)
                cursor = stop
            }
            guard let edit = nextEdit else { break }
            if edit.replacementLength > 0, let origin = origin(of: edit.range), edit.range.length > 0 {
                result.appendGenerated(outputStart: edit.range.start + delta, length: edit.replacementLength, file: origin.file, tag: origin.span)
            }
            delta += edit.replacementLength - edit.range.length
            cursor = max(cursor, edit.range.end)
            editIndex += 1
        }
        return result
    }

    private func copy(from start: Int, to stop: Int, shift: Int, into result: inout SourceMap) {
        for segment in segments {
            let lower = max(start, segment.outputStart)
            let upper = min(stop, segment.outputStart + segment.outputLength)
            guard lower < upper else { continue }
            if segment.isVerbatim {
                result.appendVerbatim(
                    outputStart: lower + shift, length: upper - lower, file: segment.file,
                    sourceStart: segment.source.start + (lower - segment.outputStart))
            } else {
                result.appendGenerated(outputStart: lower + shift, length: upper - lower, file: segment.file, tag: segment.source)
            }
        }
    }
}
