import WippyYAML

/// The `tls` field of a `function.wasm` (or `process.wasm`) entry: how the guest's https
/// requests (`wasi:http`) verify servers, beside the system's trust store.
///
/// `ca_file` names a PEM file of extra trusted CA certificates (a private or test CA), relative
/// to the entry file's folder and inside it (`..`, absolute paths and symbolic links pointing
/// out are refused). The file is read when the entry file is loaded.
public struct EntryTLS: Sendable, Hashable {
    /// `ca_file` as written, if given.
    public var caFile: String?
    /// The PEM text of that file.
    public var caCertificates: [UInt8]?

    /// The keys `tls` accepts.
    public static let keys = ["ca_file"]

    /// No extra CA.
    public init() {}
}

extension FieldReader {
    /// `tls`: a mapping with `ca_file`, whose file is read (inside the entry file's folder).
    func tls() throws(EntryError) -> EntryTLS {
        var result = EntryTLS()
        guard let tls = try submapping("tls", known: EntryTLS.keys) else { return result }
        guard let path = try tls.optionalString("ca_file") else { return result }
        let shown = MessageText.short(path)
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path, inside: loader.folder, limit: loader.limits.textBytes)
        } catch {
            if case .escapes = error.reason { throw tls.error("ca_file", "tls.ca_file: \(shown) escapes the entry file's folder") }
            throw tls.error("ca_file", "tls.ca_file: cannot read \(shown): \(error.reasonText)")
        }
        guard Self.containsPEMCertificate(bytes) else {
            throw tls.error("ca_file", "tls.ca_file: \(shown) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        result.caFile = path
        result.caCertificates = bytes
        return result
    }

    private static func containsPEMCertificate(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN CERTIFICATE-----".utf8)
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if bytes[start..<(start + marker.count)].elementsEqual(marker) { return true }
        }
        return false
    }
}
