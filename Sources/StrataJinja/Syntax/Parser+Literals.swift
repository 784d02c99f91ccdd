import StrataDiagnostics

extension Parser {
    /// Decodes a quoted string token with Python escapes such as `\n`, `\xhh` and `\uXXXX`.
    ///
    /// Unknown escapes keep their backslash, as in Python.
    func decodeString(_ token: Token) throws(Diagnostic) -> String {
        let contentStart = token.start + 1
        let contentEnd = token.end - 1
        var hasEscape = false
        for index in contentStart..<contentEnd where bytes[index] == Byte.backslash {
            hasEscape = true
            break
        }
        if !hasEscape { return String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        var index = contentStart
        func flush() {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll()
        }
        while index < contentEnd {
            let byte = bytes[index]
            guard byte == Byte.backslash, index + 1 < contentEnd else {
                pending.append(byte)
                index += 1
                continue
            }
            flush()
            let (scalar, consumed) = try decodeEscape(at: index + 1, end: contentEnd)
            if let scalar {
                scalars.append(scalar)
            } else {
                pending.append(contentsOf: bytes[index..<index + consumed + 1])
            }
            index += consumed + 1
        }
        flush()
        return String(scalars)
    }

    /// Decodes the escape whose letter is at `offset`; returns nil for an unknown escape, kept verbatim.
    private func decodeEscape(at offset: Int, end: Int) throws(Diagnostic) -> (Unicode.Scalar?, Int) {
        switch bytes[offset] {
        case UInt8(ascii: "n"): return ("\n", 1)
        case UInt8(ascii: "t"): return ("\t", 1)
        case UInt8(ascii: "r"): return ("\r", 1)
        case UInt8(ascii: "\\"): return ("\\", 1)
        case UInt8(ascii: "'"): return ("'", 1)
        case UInt8(ascii: "\""): return ("\"", 1)
        case UInt8(ascii: "a"): return ("\u{07}", 1)
        case UInt8(ascii: "b"): return ("\u{08}", 1)
        case UInt8(ascii: "f"): return ("\u{0C}", 1)
        case UInt8(ascii: "v"): return ("\u{0B}", 1)
        case UInt8(ascii: "x"): return try hexEscape(at: offset, digits: 2, end: end)
        case UInt8(ascii: "u"): return try hexEscape(at: offset, digits: 4, end: end)
        case UInt8(ascii: "U"): return try hexEscape(at: offset, digits: 8, end: end)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value: UInt32 = 0
            var length = 0
            while length < 3, offset + length < end, (48...55).contains(bytes[offset + length]) {
                value = value * 8 + UInt32(bytes[offset + length] - 48)
                length += 1
            }
            return (Unicode.Scalar(value), length)
        default: return (nil, 1)
        }
    }

    private func hexEscape(at offset: Int, digits: Int, end: Int) throws(Diagnostic) -> (Unicode.Scalar?, Int) {
        let span = SourceSpan(start: offset - 1, end: min(end, offset + 1 + digits))
        guard offset + digits < end else {
            throw Diagnostic.error(.jinjaInvalidLiteral, "truncated escape sequence in string", in: file, at: span)
        }
        let hex = String(decoding: bytes[(offset + 1)...(offset + digits)], as: UTF8.self)
        guard hex.count == digits, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw Diagnostic.error(.jinjaInvalidLiteral, "invalid escape sequence in string", in: file, at: span)
        }
        return (scalar, digits + 1)
    }

    /// Decodes decimal, `0x`, `0o` and `0b` integers with `_` separators.
    func decodeInteger(_ token: Token) throws(Diagnostic) -> Int {
        let literal = text(token).replacingUnderscores().lowercased()
        var radix = 10
        var digits = Substring(literal)
        if literal.count > 2, literal.hasPrefix("0") {
            switch literal.dropFirst().first {
            case "x": radix = 16
            case "o": radix = 8
            case "b": radix = 2
            default: break
            }
            if radix != 10 { digits = literal.dropFirst(2) }
        }
        guard let value = Int(digits, radix: radix) else {
            throw Diagnostic.error(
                .jinjaInvalidLiteral, "invalid integer literal '\(text(token))'", in: file, at: token.span,
                label: "not a valid 64-bit integer")
        }
        return value
    }
}

extension String {
    func replacingUnderscores() -> String {
        contains("_") ? String(unicodeScalars.filter { $0 != "_" }.map(Character.init)) : self
    }
}
