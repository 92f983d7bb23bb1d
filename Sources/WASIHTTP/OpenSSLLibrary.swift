#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The system's OpenSSL 3 (`libssl.so.3`), loaded at run time with `dlopen`: no headers and no
/// package at build time. Only the handful of functions a TLS client needs are looked up; when
/// the library (or one of them) is missing, ``shared`` is nil and https fails with a clear
/// error-code while http keeps working.
struct OpenSSLLibrary: @unchecked Sendable {
    // Sendable by hand: the fields are C function pointers, fixed once loaded.
    typealias Method = @convention(c) () -> OpaquePointer?
    typealias ContextNew = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias ContextFree = @convention(c) (OpaquePointer?) -> Void
    typealias ContextInt = @convention(c) (OpaquePointer?) -> Int32
    typealias LoadVerify = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    typealias SetVerify = @convention(c) (OpaquePointer?, Int32, OpaquePointer?) -> Void
    typealias Control = @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    typealias SSLNew = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias SSLFree = @convention(c) (OpaquePointer?) -> Void
    typealias SetFD = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias SetHost = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias SSLInt = @convention(c) (OpaquePointer?) -> Int32
    typealias GetError = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias VerifyResult = @convention(c) (OpaquePointer?) -> Int
    typealias ReadWrite = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    typealias GetParam = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias SetIP = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias ClearErrors = @convention(c) () -> Void
    typealias MemoryBIO = @convention(c) (UnsafeRawPointer?, Int32) -> OpaquePointer?
    typealias FreeBIO = @convention(c) (OpaquePointer?) -> Int32
    typealias ReadPEMCertificate = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafeMutableRawPointer?) -> OpaquePointer?
    typealias FreeCertificate = @convention(c) (OpaquePointer?) -> Void
    typealias ContextStore = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias AddCertificate = @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32

    let clientMethod: Method
    let contextNew: ContextNew
    let contextFree: ContextFree
    let setDefaultVerifyPaths: ContextInt
    let loadVerifyLocations: LoadVerify
    let setVerify: SetVerify
    let contextControl: Control
    let new: SSLNew
    let free: SSLFree
    let setFD: SetFD
    let setHost: SetHost
    let control: Control
    let connect: SSLInt
    let getError: GetError
    let verifyResult: VerifyResult
    let read: ReadWrite
    let write: ReadWrite
    let pending: SSLInt
    let shutdown: SSLInt
    let getParam: GetParam
    let setIP: SetIP
    let clearErrors: ClearErrors
    // For CA certificates given as PEM text (an entry's `tls.ca_file`), from libcrypto.
    let newMemoryBIO: MemoryBIO
    let freeBIO: FreeBIO
    let readPEMCertificate: ReadPEMCertificate
    let freeCertificate: FreeCertificate
    let contextStore: ContextStore
    let addCertificate: AddCertificate

    // Constants of OpenSSL 3's public headers.
    static let verifyPeer: Int32 = 1
    static let controlMode: Int32 = 33
    static let controlSetHostName: Int32 = 55
    static let hostNameType = 0
    /// `SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER`.
    static let partialAndMovingWrites = 3
    static let errorSSL: Int32 = 1
    static let errorWantRead: Int32 = 2
    static let errorWantWrite: Int32 = 3
    static let errorSyscall: Int32 = 5
    static let errorZeroReturn: Int32 = 6

    /// The library, or nil when the system has none.
    static let shared: OpenSSLLibrary? = load()

    /// Adds the certificates of PEM text to `context`'s trust store; how many were added.
    func addCertificates(pem: [UInt8], to context: OpaquePointer) -> Int {
        guard let store = contextStore(context), pem.count <= Int(Int32.max) else { return 0 }
        var added = 0
        pem.withUnsafeBytes { raw in
            guard let bio = newMemoryBIO(raw.baseAddress, Int32(raw.count)) else { return }
            defer { _ = freeBIO(bio) }
            while let certificate = readPEMCertificate(bio, nil, nil, nil) {
                if addCertificate(store, certificate) == 1 { added += 1 }
                freeCertificate(certificate)
            }
        }
        // The end of the text leaves a "no start line" error queued.
        clearErrors()
        return added
    }

    private static func load() -> OpenSSLLibrary? {
        guard let lib = dlopen("libssl.so.3", RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<T>(_ name: String, _: T.Type) -> T? {
            guard let p = dlsym(lib, name) else { return nil }
            return unsafeBitCast(p, to: T.self)
        }
        guard let clientMethod = symbol("TLS_client_method", Method.self),
              let contextNew = symbol("SSL_CTX_new", ContextNew.self),
              let contextFree = symbol("SSL_CTX_free", ContextFree.self),
              let setDefaultVerifyPaths = symbol("SSL_CTX_set_default_verify_paths", ContextInt.self),
              let loadVerifyLocations = symbol("SSL_CTX_load_verify_locations", LoadVerify.self),
              let setVerify = symbol("SSL_CTX_set_verify", SetVerify.self),
              let contextControl = symbol("SSL_CTX_ctrl", Control.self),
              let new = symbol("SSL_new", SSLNew.self),
              let free = symbol("SSL_free", SSLFree.self),
              let setFD = symbol("SSL_set_fd", SetFD.self),
              let setHost = symbol("SSL_set1_host", SetHost.self),
              let control = symbol("SSL_ctrl", Control.self),
              let connect = symbol("SSL_connect", SSLInt.self),
              let getError = symbol("SSL_get_error", GetError.self),
              let verifyResult = symbol("SSL_get_verify_result", VerifyResult.self),
              let read = symbol("SSL_read", ReadWrite.self),
              let write = symbol("SSL_write", ReadWrite.self),
              let pending = symbol("SSL_pending", SSLInt.self),
              let shutdown = symbol("SSL_shutdown", SSLInt.self),
              let getParam = symbol("SSL_get0_param", GetParam.self),
              let setIP = symbol("X509_VERIFY_PARAM_set1_ip_asc", SetIP.self),
              let clearErrors = symbol("ERR_clear_error", ClearErrors.self),
              let newMemoryBIO = symbol("BIO_new_mem_buf", MemoryBIO.self),
              let freeBIO = symbol("BIO_free", FreeBIO.self),
              let readPEMCertificate = symbol("PEM_read_bio_X509", ReadPEMCertificate.self),
              let freeCertificate = symbol("X509_free", FreeCertificate.self),
              let contextStore = symbol("SSL_CTX_get_cert_store", ContextStore.self),
              let addCertificate = symbol("X509_STORE_add_cert", AddCertificate.self)
        else { return nil }
        return OpenSSLLibrary(
            clientMethod: clientMethod, contextNew: contextNew, contextFree: contextFree,
            setDefaultVerifyPaths: setDefaultVerifyPaths, loadVerifyLocations: loadVerifyLocations, setVerify: setVerify,
            contextControl: contextControl, new: new, free: free, setFD: setFD, setHost: setHost, control: control,
            connect: connect, getError: getError, verifyResult: verifyResult, read: read, write: write, pending: pending,
            shutdown: shutdown, getParam: getParam, setIP: setIP, clearErrors: clearErrors,
            newMemoryBIO: newMemoryBIO, freeBIO: freeBIO, readPEMCertificate: readPEMCertificate,
            freeCertificate: freeCertificate, contextStore: contextStore, addCertificate: addCertificate)
    }
}
