import Foundation

/// Turns diagnostics into the text users read: a compiler-style headline, a source excerpt with a caret, then
/// notes and help. Colour is applied here and nowhere else, so messages never carry escape codes.
public struct DiagnosticRenderer: Sendable {
    /// Whether to emit ANSI colours.
    public var colored: Bool
    /// Longest excerpt line shown before it is cut with `…` around the caret.
    public var maxLineWidth: Int
    /// Rewrites text before it is printed, for example to hide passwords.
    public var redact: @Sendable (String) -> String

    /// Creates a renderer.
    public init(colored: Bool = false, maxLineWidth: Int = 120, redact: @escaping @Sendable (String) -> String = { $0 }) {
        self.colored = colored
        self.maxLineWidth = maxLineWidth
        self.redact = redact
    }

    /// Renders one diagnostic as several lines, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = headline(diagnostic) + "\n"
        let gutterWidth = gutterWidth(for: diagnostic)
        if let primary = diagnostic.primary {
            for label in diagnostic.secondary where label.file == primary.file && label.span.start < primary.span.start {
                out += excerpt(label, marker: "-", gutterWidth: gutterWidth, style: Style.blue)
            }
            out += excerpt(primary, marker: "^", gutterWidth: gutterWidth, style: severityStyle(diagnostic.severity))
            for label in diagnostic.secondary where !(label.file == primary.file && label.span.start < primary.span.start) {
                out += excerpt(label, marker: "-", gutterWidth: gutterWidth, style: Style.blue)
            }
        } else {
            for label in diagnostic.secondary {
                let arrow = paint("-->", Style.blue)
                let text = label.text.isEmpty ? "" : "  \(label.text)"
                out += "  \(arrow) \(label.file.path):\(label.location)\(redact(text))\n"
            }
        }
        let pad = String(repeating: " ", count: gutterWidth)
        for note in diagnostic.notes {
            out += "\(pad) \(paint("=", Style.blue)) \(paint("note", Style.bold)): \(redact(note))\n"
        }
        if let help = diagnostic.help {
            out += "\(pad) \(paint("=", Style.blue)) \(paint("help", Style.bold)): \(redact(help))\n"
        }
        return out
    }

    /// Renders several diagnostics separated by blank lines.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    /// One JSON object (a single line) with the fields editors and CI read.
    public func renderJSON(_ diagnostic: Diagnostic) -> String {
        var object: [String: Any] = [
            "code": diagnostic.code.rawValue,
            "severity": diagnostic.severity.rawValue,
            "message": redact(diagnostic.message),
        ]
        if let primary = diagnostic.primary {
            let start = primary.file.location(of: primary.span.start)
            let end = primary.file.location(of: primary.span.end)
            object["file"] = primary.file.path
            object["line"] = start.line
            object["column"] = start.column
            object["endLine"] = end.line
            object["endColumn"] = end.column
        } else if let path = diagnostic.path {
            object["file"] = path
        }
        if let help = diagnostic.help { object["help"] = redact(help) }
        if !diagnostic.notes.isEmpty { object["notes"] = diagnostic.notes.map(redact) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    private func headline(_ diagnostic: Diagnostic) -> String {
        var prefix = ""
        if let primary = diagnostic.primary {
            prefix = "\(primary.file.path):\(primary.location): "
        } else if let path = diagnostic.path {
            prefix = "\(path): "
        }
        let severity = paint(diagnostic.severity.rawValue, severityStyle(diagnostic.severity))
        let message = paint(redact(diagnostic.message), Style.bold)
        return "\(paint(prefix, Style.bold))\(severity): \(message) [\(diagnostic.code)]"
    }

    private func gutterWidth(for diagnostic: Diagnostic) -> Int {
        let labels = [diagnostic.primary].compactMap { $0 } + diagnostic.secondary
        let widest = labels.map { String($0.location.line).count }.max() ?? 1
        return max(2, widest)
    }

    private func excerpt(_ label: Label, marker: Character, gutterWidth: Int, style: String) -> String {
        let start = label.file.location(of: label.span.start)
        let end = label.file.location(of: label.span.end)
        let rawLine = label.file.lineText(start.line)
        let line = rawLine.replacingOccurrences(of: "\t", with: " ")
        let lineLength = line.unicodeScalars.count
        var caretStart = min(start.column - 1, lineLength)
        var caretWidth = end.line == start.line ? max(1, end.column - start.column) : max(1, lineLength - caretStart)
        var shown = line
        if lineLength > maxLineWidth {
            let window = cutWindow(length: lineLength, caretStart: caretStart, caretWidth: caretWidth)
            let scalars = Array(line.unicodeScalars)
            var text = String(String.UnicodeScalarView(scalars[window]))
            var shift = window.lowerBound
            if window.lowerBound > 0 {
                text = "…" + text
                shift -= 1
            }
            if window.upperBound < lineLength { text += "…" }
            shown = text
            caretStart -= shift
            caretWidth = min(caretWidth, max(1, text.unicodeScalars.count - caretStart))
        }
        let pad = String(repeating: " ", count: gutterWidth)
        let number_ = String(repeating: " ", count: gutterWidth - String(start.line).count) + String(start.line)
        let bar = paint("|", Style.blue)
        let underline = String(repeating: " ", count: caretStart) + String(repeating: marker, count: caretWidth)
        let labelText = label.text.isEmpty ? "" : " " + redact(label.text)
        return """
            \(pad) \(bar)
            \(paint(number_, Style.blue)) \(bar) \(redact(shown))
            \(pad) \(bar) \(paint(underline + labelText, style))

            """
    }

    private func cutWindow(length: Int, caretStart: Int, caretWidth: Int) -> Range<Int> {
        let context = maxLineWidth / 2
        let lower = max(0, caretStart - context)
        let upper = min(length, max(caretStart + caretWidth + context, lower + maxLineWidth))
        return lower..<upper
    }

    private func severityStyle(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return Style.red
        case .warning: return Style.yellow
        case .note: return Style.blue
        }
    }

    private func paint(_ text: String, _ style: String) -> String {
        guard colored, !text.isEmpty else { return text }
        return style + text + Style.reset
    }

    private enum Style {
        static let red = "\u{1B}[1;31m"
        static let yellow = "\u{1B}[1;33m"
        static let blue = "\u{1B}[1;34m"
        static let bold = "\u{1B}[1m"
        static let reset = "\u{1B}[0m"
    }
}
