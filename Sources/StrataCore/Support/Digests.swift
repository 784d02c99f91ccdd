import Crypto
import StrataDiagnostics

/// MD5 (RFC 1321), for the identifiers dbt derives with it (data test names and unique ids, snapshot ids) and
/// for SQLite's `md5()`, which SQLite lacks; not for security.
public enum MD5 {
    /// The lowercase hex digest of a string's UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        text.withUTF8Bytes { HexDigest.text(of: Insecure.MD5.hash(data: $0)) }
    }

    /// The lowercase hex digest of some bytes.
    public static func hex(_ bytes: [UInt8]) -> String { HexDigest.text(of: Insecure.MD5.hash(data: bytes)) }

    /// The lowercase hex digest of some bytes, as its ASCII bytes (for ids built as bytes).
    static func hexBytes(_ bytes: [UInt8]) -> [UInt8] { HexDigest.bytes(of: Insecure.MD5.hash(data: bytes)) }
}

/// SHA-256 (FIPS 180-4), for the content checksums dbt writes into manifests. swift-crypto's (BoringSSL's, with
/// the CPU's SHA instructions where it has them): a large project hashes tens of megabytes of SQL per compile.
public enum SHA256 {
    /// The lowercase hex digest of a string's UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        text.withUTF8Bytes { HexDigest.text(of: Crypto.SHA256.hash(data: $0)) }
    }
}

/// Lowercase hex text of a digest, written into one buffer.
enum HexDigest {
    static func text(of digest: some Sequence<UInt8>) -> String {
        String(decoding: bytes(of: digest), as: UTF8.self)
    }

    static func bytes(of digest: some Sequence<UInt8>) -> [UInt8] {
        let digits: StaticString = "0123456789abcdef"
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits.utf8Start[Int(byte >> 4)])
            text.append(digits.utf8Start[Int(byte & 0xf)])
        }
        return text
    }
}
