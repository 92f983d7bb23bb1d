#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import WASIHost

/// How https connections verify servers: the system's trust store, plus an extra CA file
/// (tests, private CAs). One OpenSSL context per configuration, made on first use and shared
/// by every connection (OpenSSL contexts are thread-safe).
///
/// The `wasi:http` group uses the configuration it was made with
/// (``makeWASIHTTPGroup(tls:)``), or the one in the instance's host state
/// (`runtime.hostState[TLSClientConfiguration.self]`) when there is one: an instance's own CA
/// (an entry's `tls.ca_file`).
public final class TLSClientConfiguration: Sendable {
    /// A PEM file of extra trusted certificates, or nil.
    public let caFile: String?
    /// Extra trusted certificates as PEM text, and what to call them in errors.
    private let caCertificates: (pem: [UInt8], source: String)?
    private struct Context: @unchecked Sendable {
        // Sendable by hand: an `SSL_CTX` pointer, used under the mutex or read-only by OpenSSL.
        var pointer: OpaquePointer?
        var error: HTTPErrorCode?
    }
    private let context = Mutex(Context())

    /// Creates a configuration trusting the system's store and `caFile`.
    public init(caFile: String? = nil) {
        self.caFile = caFile
        caCertificates = nil
    }

    /// Creates a configuration trusting the system's store and the certificates of the PEM
    /// text `caCertificates` (already read by the embedder); `source` names them in errors.
    public init(caCertificates: [UInt8], source: String) {
        caFile = nil
        self.caCertificates = (caCertificates, source)
    }

    /// The OpenSSL context, or the error-code saying why there is none.
    func makeContext() throws(HTTPErrorCode) -> (OpenSSLLibrary, OpaquePointer) {
        guard let ssl = OpenSSLLibrary.shared else {
            throw .internalError("https needs the system's OpenSSL 3 (libssl.so.3), which was not found")
        }
        let made = context.withLock { c -> Result<OpaquePointer, HTTPErrorCode> in
            if let p = c.pointer { return .success(p) }
            if let e = c.error { return .failure(e) }
            let result = Self.create(ssl, caFile: caFile, caCertificates: caCertificates)
            switch result {
            case .success(let p): c.pointer = p
            case .failure(let e): c.error = e
            }
            return result
        }
        return (ssl, try made.get())
    }

    private static func create(_ ssl: OpenSSLLibrary, caFile: String?,
                               caCertificates: (pem: [UInt8], source: String)?) -> Result<OpaquePointer, HTTPErrorCode> {
        guard let ctx = ssl.contextNew(ssl.clientMethod()) else { return .failure(.internalError("cannot create a TLS context")) }
        _ = ssl.setDefaultVerifyPaths(ctx)
        if let caCertificates, ssl.addCertificates(pem: caCertificates.pem, to: ctx) == 0 {
            ssl.contextFree(ctx)
            return .failure(.internalError("the TLS CA file \(caCertificates.source) holds no certificate OpenSSL accepts"))
        }
        if let caFile {
            guard ssl.loadVerifyLocations(ctx, caFile, nil) == 1 else {
                ssl.contextFree(ctx)
                ssl.clearErrors()
                return .failure(.internalError("cannot load the TLS CA file \(caFile)"))
            }
        }
        ssl.setVerify(ctx, OpenSSLLibrary.verifyPeer, nil)
        _ = ssl.contextControl(ctx, OpenSSLLibrary.controlMode, OpenSSLLibrary.partialAndMovingWrites, nil)
        return .success(ctx)
    }

    deinit {
        if let p = context.withLock({ $0.pointer }) { OpenSSLLibrary.shared?.contextFree(p) }
    }
}

/// A TLS client connection over a non-blocking socket: every call returns at once, reporting
/// which way the socket must become ready before trying again.
final class TLSClientSession: HTTPTransport {
    enum Want { case read, write }

    let socket: NetSocket
    private let ssl: OpenSSLLibrary
    private let handle: OpaquePointer
    /// What the last operation that could not finish waits for.
    private var lastWant: Want = .read
    private var closed = false

    init(socket: NetSocket, host: String, configuration: TLSClientConfiguration) throws(HTTPErrorCode) {
        let (ssl, context) = try configuration.makeContext()
        guard let handle = ssl.new(context) else { throw .internalError("cannot create a TLS connection") }
        self.ssl = ssl
        self.handle = handle
        self.socket = socket
        guard ssl.setFD(handle, socket.fd) == 1 else { throw .internalError("cannot attach the TLS connection to its socket") }
        if IPAddress(parsing: host) != nil {
            let literal = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
            guard ssl.setIP(ssl.getParam(handle), literal) == 1 else { throw .tlsProtocolError }
        } else {
            guard ssl.setHost(handle, host) == 1 else { throw .tlsProtocolError }
            // Server Name Indication (`SSL_set_tlsext_host_name`).
            _ = host.withCString { ssl.control(handle, OpenSSLLibrary.controlSetHostName, OpenSSLLibrary.hostNameType, UnsafeMutableRawPointer(mutating: $0)) }
        }
    }

    deinit {
        if !closed { _ = ssl.shutdown(handle) }
        ssl.free(handle)
        ssl.clearErrors()
    }

    /// Advances the handshake: nil when it is done, else what the socket must become.
    func handshake() throws(HTTPErrorCode) -> Want? {
        let r = ssl.connect(handle)
        if r == 1 { return nil }
        switch ssl.getError(handle, r) {
        case OpenSSLLibrary.errorWantRead: return .read
        case OpenSSLLibrary.errorWantWrite: return .write
        default:
            let verify = ssl.verifyResult(handle)
            ssl.clearErrors()
            throw verify != 0 ? .tlsCertificateError : .tlsProtocolError
        }
    }

    func receive(maxCount: Int) throws(HTTPErrorCode) -> [UInt8]? {
        if closed { return [] }
        let count = Int32(clamping: max(1, min(maxCount, 1 << 20)))
        var buffer = [UInt8](repeating: 0, count: Int(count))
        let n = buffer.withUnsafeMutableBytes { ssl.read(handle, $0.baseAddress, count) }
        if n > 0 {
            buffer.removeSubrange(Int(n)...)
            return buffer
        }
        switch ssl.getError(handle, n) {
        case OpenSSLLibrary.errorWantRead: lastWant = .read; return nil
        case OpenSSLLibrary.errorWantWrite: lastWant = .write; return nil
        case OpenSSLLibrary.errorZeroReturn:
            closed = true
            return []
        case OpenSSLLibrary.errorSyscall:
            ssl.clearErrors()
            // An end of the socket without close_notify: the peer closed (HTTP framing decides
            // whether the message was complete).
            closed = true
            return []
        default:
            ssl.clearErrors()
            throw .tlsProtocolError
        }
    }

    func send(_ bytes: ArraySlice<UInt8>) throws(HTTPErrorCode) -> Int? {
        if bytes.isEmpty { return 0 }
        let count = Int32(clamping: bytes.count)
        let n = bytes.withUnsafeBytes { ssl.write(handle, UnsafeMutableRawPointer(mutating: $0.baseAddress), count) }
        if n > 0 { return Int(n) }
        switch ssl.getError(handle, n) {
        case OpenSSLLibrary.errorWantRead: lastWant = .read; return nil
        case OpenSSLLibrary.errorWantWrite: lastWant = .write; return nil
        default:
            ssl.clearErrors()
            throw .connectionTerminated
        }
    }

    func readable() -> HostPollable {
        if ssl.pending(handle) > 0 { return ReadyPollable() }
        return lastWant == .write ? socket.writable() : socket.readable()
    }

    func writable() -> HostPollable { lastWant == .read ? socket.readable() : socket.writable() }
}
