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
              let clearErrors = symbol("ERR_clear_error", ClearErrors.self)
        else { return nil }
        return OpenSSLLibrary(
            clientMethod: clientMethod, contextNew: contextNew, contextFree: contextFree,
            setDefaultVerifyPaths: setDefaultVerifyPaths, loadVerifyLocations: loadVerifyLocations, setVerify: setVerify,
            contextControl: contextControl, new: new, free: free, setFD: setFD, setHost: setHost, control: control,
            connect: connect, getError: getError, verifyResult: verifyResult, read: read, write: write, pending: pending,
            shutdown: shutdown, getParam: getParam, setIP: setIP, clearErrors: clearErrors)
    }
}
