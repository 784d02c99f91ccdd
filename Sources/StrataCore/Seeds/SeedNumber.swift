/// A seed field read as a number the way dbt reads it: agate's `Number` type (en_US) followed by Python's
/// `Decimal`, so `$1,234.50`, `5%`, `-€3`, ` 7 `, `1_000` and `1e5` are numbers and `(5)` is not.
///
/// agate strips whitespace, then `%` from both ends, then one leading `-` (kept as the sign), then each currency
/// symbol from both ends in its fixed order, and removes every `,`; `Decimal` then strips whitespace again, drops
/// `_`, reads Unicode decimal digits, `inf`/`infinity`/`nan` in any case, and the result is multiplied by the sign,
/// which rounds it to 28 significant digits. Quirks follow from that order and are kept: `--5` is 5, `%-5` is -5,
/// `-%5` and `sNaN` are not numbers.
struct SeedNumber {
    enum Kind { case finite, infinity, nan }

    var kind: Kind
    var isNegative: Bool
    /// Coefficient digits (ASCII, no leading zeros, `0` for zero) written to the caller's buffer.
    var digitCount: Int
    /// Power of ten of the last coefficient digit.
    var exponent: Int
    /// Trailing zeros of the coefficient, which Python's `normalize()` removes.
    var trailingZeros: Int
    /// The field was exactly `-?digits(.digits)?`, the only spelling that may reach the database unchanged.
    var isPlainSpelling: Bool
    /// The integer part of a plain spelling had a redundant leading zero (`007`, `00.5`).
    var hasRedundantLeadingZero: Bool

    /// Context precision of Python's `decimal` module, which dbt never changes.
    static let precision = 28

    /// Reads a field.
    /// - Parameters:
    ///   - field: the field's bytes (UTF-8), not NULL.
    ///   - digits: receives the coefficient; needs room for `field.count` bytes.
    /// - Returns: nil when agate would not read the field as a number.
    static func parse(_ field: UnsafeBufferPointer<UInt8>, digits: UnsafeMutableBufferPointer<UInt8>) -> SeedNumber? {
        // Most fields hold nothing agate would strip: Decimal reads them as they are, after agate's leading minus.
        if field.allSatisfy(isDecimalByte) {
            let agateNegative = field.first == UInt8(ascii: "-")
            var number = DecimalSyntax.parse(
                UnsafeBufferPointer(rebasing: field[(agateNegative ? 1 : 0)...]), digits: digits)
            if agateNegative { number?.isNegative.toggle() }
            return number
        }
        if field.allSatisfy({ $0 < 0x80 }) {
            return parse(scalars: field.lazy.map { Unicode.Scalar($0) }, digits: digits)
        }
        var number = parse(scalars: Array(String(decoding: field, as: UTF8.self).unicodeScalars), digits: digits)
        number?.isPlainSpelling = false
        return number
    }

    private static func parse<S: RandomAccessCollection<Unicode.Scalar>>(
        scalars: S, digits: UnsafeMutableBufferPointer<UInt8>
    ) -> SeedNumber? {
        var lower = scalars.startIndex
        var upper = scalars.endIndex
        func strip(_ matches: (Unicode.Scalar) -> Bool) {
            while lower < upper, matches(scalars[lower]) { lower = scalars.index(after: lower) }
            while lower < upper, matches(scalars[scalars.index(before: upper)]) { upper = scalars.index(before: upper) }
        }
        strip(isPythonWhitespace)
        strip { $0 == "%" }
        var agateNegative = false
        if lower < upper, scalars[lower] == "-" {
            agateNegative = true
            lower = scalars.index(after: lower)
        }
        for symbol in currencySymbols { strip { $0 == symbol } }
        // What Python's Decimal receives, as its C implementation sees it: `_` dropped, Unicode digits as ASCII.
        let capacity = max(1, scalars.distance(from: lower, to: upper))
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var count = 0
            var index = lower
            while index < upper {
                let scalar = scalars[index]
                index = scalars.index(after: index)
                if scalar == "," || scalar == "_" { continue }
                if scalar.value < 0x80 {
                    buffer[count] = UInt8(scalar.value)
                } else if isPythonWhitespace(scalar) {
                    buffer[count] = UInt8(ascii: " ")
                } else if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                    buffer[count] = UInt8(ascii: "0") + UInt8(value)
                } else {
                    return nil
                }
                count += 1
            }
            var number = DecimalSyntax.parse(UnsafeBufferPointer(rebasing: buffer[0..<count]), digits: digits)
            if number?.kind != .nan, agateNegative { number?.isNegative.toggle() }
            // The spelling is plain only if agate took nothing away but the leading minus.
            let untouched =
                count == scalars.distance(from: lower, to: upper) && upper == scalars.endIndex
                && scalars.distance(from: scalars.startIndex, to: lower) == (agateNegative ? 1 : 0)
            if !untouched { number?.isPlainSpelling = false }
            return number
        }
    }

    private static func isDecimalByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte | 0x20 == UInt8(ascii: "e")
    }

    /// Python's `str.isspace()`: Unicode White_Space plus the ASCII separators U+001C to U+001F.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        (0x1C...0x1F).contains(scalar.value) || scalar.properties.isWhitespace
    }

    /// agate's `DEFAULT_CURRENCY_SYMBOLS`, in its order (the order decides what `€$5` leaves).
    private static let currencySymbols: [Unicode.Scalar] = [
        "؋", "$", "ƒ", "៛", "¥", "₡", "₱", "£", "€", "¢", "﷼", "₪", "₩", "₭", "₮", "₦", "฿", "₤", "₫",
    ]
}

extension SeedNumber {
    /// Decimal places as dbt counts them to choose between an integer and a float column: agate's
    /// `max_precision` over the normalized values of a column (`1.0` has none, `1.50` has one).
    struct Precision {
        private var wholePlaces = 1
        private var decimalPlaces = 0

        mutating func observe(_ number: SeedNumber) {
            guard number.kind == .finite else { return }
            // Python's normalize(): trailing zeros move into the exponent, and zero is `0` with exponent 0.
            let significant = number.isZero ? 1 : number.digitCount - number.trailingZeros
            let exponent = number.isZero ? 0 : number.exponent + number.trailingZeros
            wholePlaces = max(wholePlaces, significant + exponent)
            decimalPlaces = max(decimalPlaces, -exponent)
        }

        /// Whether dbt declares the column as a float (`REAL`, `float8`) rather than an integer: agate caps the
        /// digits at the context precision, so a 29-digit integer counts as having (negative) decimal places.
        var hasDecimals: Bool {
            if wholePlaces + decimalPlaces > SeedNumber.precision { return SeedNumber.precision - wholePlaces != 0 }
            return decimalPlaces != 0
        }
    }

    /// Whether the field's own text is what `render` would write, so a loader may pass it on as it is.
    func isCanonical(asInteger: Bool) -> Bool {
        guard kind == .finite, isPlainSpelling, !hasRedundantLeadingZero, digitCount <= Self.precision else {
            return false
        }
        if asInteger { return exponent == 0 && !(isNegative && isZero) }
        return exponent + digitCount > -6
    }

    fileprivate var isZero: Bool { digitCount == 1 && trailingZeros == 1 }

    /// Writes the value as dbt hands it to the database: integers as plain digits (PostgreSQL's integer input
    /// takes no `1.0` or `1E+5`), other numbers as Python's `str(Decimal)`, which dbt-sqlite binds as text.
    /// - Parameters:
    ///   - digits: the coefficient `parse` wrote.
    ///   - asInteger: the column is an integer column (every value is whole).
    ///   - nonFiniteAsNaN: write infinities as `NaN`, as psycopg2 sends every non-finite `Decimal`.
    ///   - out: appends the text here.
    func render(digits: UnsafeBufferPointer<UInt8>, asInteger: Bool, nonFiniteAsNaN: Bool, into out: inout [UInt8]) {
        switch kind {
        case .nan:
            if isNegative && !nonFiniteAsNaN { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: "NaN".utf8)
        case .infinity:
            if nonFiniteAsNaN { return out.append(contentsOf: "NaN".utf8) }
            if isNegative { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: "Infinity".utf8)
        case .finite where asInteger:
            if isZero { return out.append(UInt8(ascii: "0")) }
            if isNegative { out.append(UInt8(ascii: "-")) }
            let kept = max(1, digitCount + min(0, exponent))
            out.append(contentsOf: digits[0..<kept])
            if exponent > 0 { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent)) }
        case .finite:
            renderPython(digits: UnsafeBufferPointer(rebasing: digits[0..<digitCount]), into: &out)
        }
    }

    /// `Decimal.__str__`: plain notation while the exponent is not positive and the value is not tiny.
    private func renderPython(digits: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        if isNegative { out.append(UInt8(ascii: "-")) }
        let leftDigits = exponent + digits.count
        let dotPlace = exponent <= 0 && leftDigits > -6 ? leftDigits : 1
        let zero = UInt8(ascii: "0")
        if dotPlace <= 0 {
            out.append(zero)
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(zero, count: -dotPlace))
            out.append(contentsOf: digits)
        } else if dotPlace >= digits.count {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(zero, count: dotPlace - digits.count))
        } else {
            out.append(contentsOf: digits[0..<dotPlace])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[dotPlace...])
        }
        if leftDigits != dotPlace {
            let shown = leftDigits - dotPlace
            out.append(contentsOf: ((shown < 0 ? "E" : "E+") + String(shown)).utf8)
        }
    }
}

/// The string syntax of Python's `Decimal` after the characters it ignores are gone: `[sign] digits [. digits]
/// [e [sign] digits]`, `inf`, `infinity`, `nan[digits]` (any case), surrounded by optional whitespace.
private enum DecimalSyntax {
    /// Exponents beyond the context's limits make Python raise (dbt stops) or flush to zero; such fields are
    /// left as text.
    static let exponentLimit = 999_999

    static func parse(_ b: UnsafeBufferPointer<UInt8>, digits: UnsafeMutableBufferPointer<UInt8>) -> SeedNumber? {
        var lower = 0
        var upper = b.count
        while lower < upper, isCWhitespace(b[lower]) { lower += 1 }
        while lower < upper, isCWhitespace(b[upper - 1]) { upper -= 1 }
        var i = lower
        var negative = false
        let hasSign = i < upper && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+"))
        if hasSign {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        if let special = special(UnsafeBufferPointer(rebasing: b[i..<upper]), negative: negative) { return special }
        var count = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        var leadingZeros = 0
        var integerDigits = 0
        while i < upper {
            let byte = b[i]
            if isDigit(byte) {
                sawDigit = true
                if sawPoint { fractionDigits += 1 } else { integerDigits += 1 }
                if count == 0, byte == UInt8(ascii: "0") {
                    if !sawPoint { leadingZeros += 1 }
                } else {
                    digits[count] = byte
                    count += 1
                }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard sawDigit else { return nil }
        var exponent = -fractionDigits
        let hasExponent = i < upper
        if hasExponent {
            guard b[i] | 0x20 == UInt8(ascii: "e"),
                let written = Self.exponent(UnsafeBufferPointer(rebasing: b[(i + 1)..<upper]))
            else {
                return nil
            }
            exponent += written
        }
        if count == 0 {
            digits[0] = UInt8(ascii: "0")
            count = 1
        }
        var number = SeedNumber(
            kind: .finite, isNegative: negative, digitCount: count, exponent: exponent, trailingZeros: 0,
            isPlainSpelling: !hasExponent && !hasSign && lower == 0 && upper == b.count && integerDigits > 0
                && (!sawPoint || fractionDigits > 0),
            hasRedundantLeadingZero: integerDigits > 1 && leadingZeros > 0)
        roundToPrecision(&number, digits: digits)
        guard abs(number.exponent + number.digitCount - 1) <= exponentLimit else { return nil }
        number.trailingZeros = trailingZeros(UnsafeBufferPointer(rebasing: digits[0..<number.digitCount]))
        return number
    }

    /// Multiplying by the sign rounds to the context precision, half to even.
    private static func roundToPrecision(_ number: inout SeedNumber, digits: UnsafeMutableBufferPointer<UInt8>) {
        let keep = SeedNumber.precision
        guard number.digitCount > keep else { return }
        let first = digits[keep]
        let restIsZero = digits[(keep + 1)..<number.digitCount].allSatisfy { $0 == UInt8(ascii: "0") }
        let lastKept = digits[keep - 1] - UInt8(ascii: "0")
        let roundUp = first > UInt8(ascii: "5") || (first == UInt8(ascii: "5") && (!restIsZero || lastKept % 2 == 1))
        number.exponent += number.digitCount - keep
        number.digitCount = keep
        number.isPlainSpelling = false
        guard roundUp else { return }
        var index = keep - 1
        while index >= 0, digits[index] == UInt8(ascii: "9") {
            digits[index] = UInt8(ascii: "0")
            index -= 1
        }
        if index >= 0 {
            digits[index] += 1
        } else {
            digits[0] = UInt8(ascii: "1")
            number.exponent += 1
        }
    }

    private static func special(_ b: UnsafeBufferPointer<UInt8>, negative: Bool) -> SeedNumber? {
        func word(_ text: StaticString) -> Bool {
            b.count == text.utf8CodeUnitCount
                && zip(b, UnsafeBufferPointer(start: text.utf8Start, count: b.count)).allSatisfy { $0 | 0x20 == $1 }
        }
        let shape = { (kind: SeedNumber.Kind) in
            SeedNumber(
                kind: kind, isNegative: negative, digitCount: 0, exponent: 0, trailingZeros: 0, isPlainSpelling: false,
                hasRedundantLeadingZero: false)
        }
        if word("inf") || word("infinity") { return shape(.infinity) }
        // `nan` may carry a payload of digits; `snan` is refused because multiplying it raises.
        if b.count >= 3, word3(b, "nan"), b.dropFirst(3).allSatisfy(isDigit) { return shape(.nan) }
        return nil
    }

    private static func word3(_ b: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        (0..<3).allSatisfy { b[$0] | 0x20 == text.utf8Start[$0] }
    }

    private static func exponent(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < b.count else { return nil }
        var value = 0
        while i < b.count {
            guard isDigit(b[i]) else { return nil }
            // Anything this large is out of the context's range anyway; stop before Int overflows.
            value = min(value * 10 + Int(b[i] - UInt8(ascii: "0")), 10 * exponentLimit)
            i += 1
        }
        return negative ? -value : value
    }

    private static func trailingZeros(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in digits.reversed() {
            guard byte == UInt8(ascii: "0") else { break }
            count += 1
        }
        return count
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// C's `isspace`, which the decimal module's parser strips around its input.
    private static func isCWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}
