import Crypto

/// SHA-256 (FIPS 180-4), for the content checksums dbt writes into manifests. swift-crypto's (BoringSSL's, with
/// the CPU's SHA instructions where it has them): a large project hashes tens of megabytes of SQL per compile.
public enum SHA256 {
    /// The lowercase hex digest of a string's UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { HexDigest.text(of: Crypto.SHA256.hash(data: $0)) }
    }
}
