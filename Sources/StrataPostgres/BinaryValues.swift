import Foundation
import NIOCore
import PostgresNIO
import StrataCore

/// Reads result cells, which postgres-nio always requests in binary format, into `QueryValue`s whose text is
/// what `psql` would print.
enum BinaryValues {
    /// The name `format_type` gives a type, for the types results commonly carry.
    static func typeName(_ oid: UInt32) -> String {
        switch oid {
        case 16: return "boolean"
        case 17: return "bytea"
        case 18: return "\"char\""
        case 19: return "name"
        case 20: return "bigint"
        case 21: return "smallint"
        case 23: return "integer"
        case 25: return "text"
        case 26: return "oid"
        case 114: return "json"
        case 700: return "real"
        case 701: return "double precision"
        case 705: return "unknown"
        case 1042: return "character"
        case 1043: return "character varying"
        case 1082: return "date"
        case 1083: return "time without time zone"
        case 1114: return "timestamp without time zone"
        case 1184: return "timestamp with time zone"
        case 1186: return "interval"
        case 1700: return "numeric"
        case 2950: return "uuid"
        case 3802: return "jsonb"
        default:
            if let element = arrayElement[oid] { return typeName(element) + "[]" }
            return "oid:\(oid)"
        }
    }

    /// Array type OID → element type OID.
    private static let arrayElement: [UInt32: UInt32] = [
        1000: 16, 1001: 17, 1002: 18, 1003: 19, 1016: 20, 1005: 21, 1007: 23, 1009: 25, 1028: 26, 199: 114, 1021: 700,
        1022: 701, 1014: 1042, 1015: 1043, 1182: 1082, 1183: 1083, 1115: 1114, 1185: 1184, 1187: 1186, 1231: 1700,
        2951: 2950, 3807: 3802,
    ]

    static func value(_ cell: PostgresCell) -> QueryValue {
        guard var bytes = cell.bytes else { return .null }
        if cell.format == .text { return .text(bytes.readString(length: bytes.readableBytes) ?? "") }
        return value(&bytes, oid: cell.dataType.rawValue)
    }

    static func value(_ bytes: inout ByteBuffer, oid: UInt32) -> QueryValue {
        switch oid {
        case 16: return .bool(bytes.readInteger(as: UInt8.self) != 0)
        case 20: return bytes.readInteger(as: Int64.self).map { .integer($0) } ?? .null
        case 21: return bytes.readInteger(as: Int16.self).map { .integer(Int64($0)) } ?? .null
        case 23: return bytes.readInteger(as: Int32.self).map { .integer(Int64($0)) } ?? .null
        case 26: return bytes.readInteger(as: UInt32.self).map { .integer(Int64($0)) } ?? .null
        case 700: return bytes.readInteger(as: UInt32.self).map { .decimal(floatText(Float(bitPattern: $0).description)) } ?? .null
        case 701: return bytes.readInteger(as: UInt64.self).map { .decimal(floatText(Double(bitPattern: $0).description)) } ?? .null
        case 1700: return numeric(&bytes).map(QueryValue.decimal) ?? .null
        case 1082: return bytes.readInteger(as: Int32.self).map { .text(date(days: Int($0))) } ?? .null
        case 1083: return bytes.readInteger(as: Int64.self).map { .text(time(micros: $0)) } ?? .null
        case 1114: return bytes.readInteger(as: Int64.self).map { .text(timestamp(micros: $0)) } ?? .null
        case 1184: return bytes.readInteger(as: Int64.self).map { .text(timestamp(micros: $0) + "+00") } ?? .null
        case 1186: return interval(&bytes).map(QueryValue.text) ?? .null
        case 2950: return .text(uuid(&bytes))
        case 17: return .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
        case 3802:
            _ = bytes.readInteger(as: UInt8.self)
            return .text(bytes.readString(length: bytes.readableBytes) ?? "")
        default:
            if let element = arrayElement[oid] { return .text(array(&bytes, element: element)) }
            // Text-like types (varchar, name, enums, citext, ...) send their text as binary.
            return .text(bytes.readString(length: bytes.readableBytes) ?? "")
        }
    }

    /// Floats as PostgreSQL prints them: the shortest exact digits like Swift, but `2` rather than `2.0`, and
    /// `Infinity`/`NaN` spelled out. Kept as text (a `.decimal`) so `strata query` shows what `psql` shows.
    static func floatText(_ swift: String) -> String {
        switch swift {
        case "inf": return "Infinity"
        case "-inf": return "-Infinity"
        case "nan", "-nan": return "NaN"
        default: return swift.hasSuffix(".0") ? String(swift.dropLast(2)) : swift
        }
    }

    /// PostgreSQL's binary numeric: base-10000 digit groups, a weight, a sign and a display scale.
    static func numeric(_ bytes: inout ByteBuffer) -> String? {
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
            let sign = bytes.readInteger(as: UInt16.self), let scale = bytes.readInteger(as: Int16.self)
        else { return nil }
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        default: break
        }
        var digits: [Int16] = []
        for _ in 0..<Int(count) { digits.append(bytes.readInteger(as: Int16.self) ?? 0) }
        func group(_ index: Int) -> Int16 { index >= 0 && index < digits.count ? digits[index] : 0 }
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            text += String(group(0))
            if weight > 0 {
                for index in 1...Int(weight) { text += pad(Int(group(index)), to: 4) }
            }
        }
        if scale > 0 {
            var fraction = ""
            var index = Int(weight) + 1
            while fraction.count < Int(scale) {
                fraction += pad(Int(group(index)), to: 4)
                index += 1
            }
            text += "." + fraction.prefix(Int(scale))
        }
        return text
    }

    private static func pad(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days since 2000-01-01 as `YYYY-MM-DD` (proleptic Gregorian, like PostgreSQL).
    static func date(days: Int) -> String {
        if days == Int(Int32.max) { return "infinity" }
        if days == Int(Int32.min) { return "-infinity" }
        let (year, month, day) = civil(daysSinceUnixEpoch: days + 10_957)
        return year < 1 ? "\(pad(1 - year, to: 4))-\(pad(month, to: 2))-\(pad(day, to: 2)) BC" : "\(pad(year, to: 4))-\(pad(month, to: 2))-\(pad(day, to: 2))"
    }

    static func time(micros: Int64) -> String {
        let seconds = micros / 1_000_000
        let fraction = micros % 1_000_000
        let clock = "\(pad(Int(seconds / 3600), to: 2)):\(pad(Int(seconds / 60 % 60), to: 2)):\(pad(Int(seconds % 60), to: 2))"
        return clock + fractionText(fraction)
    }

    static func timestamp(micros: Int64) -> String {
        if micros == Int64.max { return "infinity" }
        if micros == Int64.min { return "-infinity" }
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            days -= 1
            rest += 86_400_000_000
        }
        return date(days: Int(days)) + " " + time(micros: rest)
    }

    private static func fractionText(_ micros: Int64) -> String {
        guard micros != 0 else { return "" }
        var digits = pad(Int(micros), to: 6)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    /// Howard Hinnant's days-to-civil conversion.
    private static func civil(daysSinceUnixEpoch days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `1 year 2 mons 3 days 04:05:06`, PostgreSQL's default interval style.
    private static func interval(_ bytes: inout ByteBuffer) -> String? {
        guard let micros = bytes.readInteger(as: Int64.self), let days = bytes.readInteger(as: Int32.self),
            let months = bytes.readInteger(as: Int32.self)
        else { return nil }
        var parts: [String] = []
        let years = months / 12
        let restMonths = months % 12
        if years != 0 { parts.append("\(years) year\(abs(years) == 1 ? "" : "s")") }
        if restMonths != 0 { parts.append("\(restMonths) mon\(abs(restMonths) == 1 ? "" : "s")") }
        if days != 0 { parts.append("\(days) day\(abs(days) == 1 ? "" : "s")") }
        if micros != 0 || parts.isEmpty {
            parts.append((micros < 0 ? "-" : "") + time(micros: abs(micros)))
        }
        return parts.joined(separator: " ")
    }

    private static func uuid(_ bytes: inout ByteBuffer) -> String {
        let raw = bytes.readBytes(length: bytes.readableBytes) ?? []
        let hex = raw.map { pad(Int($0), to: 2, radix: 16) }.joined()
        guard hex.count == 32 else { return hex }
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }

    private static func pad(_ value: Int, to width: Int, radix: Int) -> String {
        let digits = String(value, radix: radix)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A one- or more-dimensional array in PostgreSQL's `{a,b}` text form (dimensions flattened).
    private static func array(_ bytes: inout ByteBuffer, element: UInt32) -> String {
        guard let dimensions = bytes.readInteger(as: Int32.self), bytes.readInteger(as: Int32.self) != nil,
            bytes.readInteger(as: UInt32.self) != nil
        else { return "{}" }
        var count = dimensions > 0 ? 1 : 0
        for _ in 0..<Int(dimensions) {
            count *= Int(bytes.readInteger(as: Int32.self) ?? 0)
            _ = bytes.readInteger(as: Int32.self)
        }
        var items: [String] = []
        for _ in 0..<count {
            guard let length = bytes.readInteger(as: Int32.self) else { break }
            if length < 0 {
                items.append("NULL")
                continue
            }
            guard var slice = bytes.readSlice(length: Int(length)) else { break }
            let text = value(&slice, oid: element).text ?? "NULL"
            let needsQuotes = text.isEmpty || text.contains { ",{}\" \\".contains($0) } || text.uppercased() == "NULL"
            items.append(needsQuotes ? "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text)
        }
        return "{" + items.joined(separator: ",") + "}"
    }
}
