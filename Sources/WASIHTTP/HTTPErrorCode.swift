import ComponentModel
import HTTP1
import WASIHost

/// `wasi:http/types.error-code`: why an HTTP exchange failed. Thrown by the client, handed to
/// the guest as the WIT variant (``componentValue``).
public enum HTTPErrorCode: Error, Sendable, Equatable, CustomStringConvertible {
    case dnsTimeout
    case dnsError(rcode: String?, infoCode: UInt16?)
    case destinationNotFound
    case destinationUnavailable
    case destinationIPProhibited
    case destinationIPUnroutable
    case connectionRefused
    case connectionTerminated
    case connectionTimeout
    case connectionReadTimeout
    case connectionWriteTimeout
    case connectionLimitReached
    case tlsProtocolError
    case tlsCertificateError
    case tlsAlertReceived(id: UInt8?, message: String?)
    case httpRequestDenied
    case httpRequestLengthRequired
    case httpRequestBodySize(UInt64?)
    case httpRequestMethodInvalid
    case httpRequestURIInvalid
    case httpRequestURITooLong
    case httpRequestHeaderSectionSize(UInt32?)
    case httpResponseIncomplete
    case httpResponseHeaderSectionSize(UInt32?)
    case httpResponseBodySize(UInt64?)
    case httpResponseTrailerSectionSize(UInt32?)
    case httpResponseTransferCoding(String?)
    case httpResponseTimeout
    case httpUpgradeFailed
    case httpProtocolError
    case loopDetected
    case configurationError
    case internalError(String?)

    /// The WIT case name.
    public var caseName: String {
        switch self {
        case .dnsTimeout: return "DNS-timeout"
        case .dnsError: return "DNS-error"
        case .destinationNotFound: return "destination-not-found"
        case .destinationUnavailable: return "destination-unavailable"
        case .destinationIPProhibited: return "destination-IP-prohibited"
        case .destinationIPUnroutable: return "destination-IP-unroutable"
        case .connectionRefused: return "connection-refused"
        case .connectionTerminated: return "connection-terminated"
        case .connectionTimeout: return "connection-timeout"
        case .connectionReadTimeout: return "connection-read-timeout"
        case .connectionWriteTimeout: return "connection-write-timeout"
        case .connectionLimitReached: return "connection-limit-reached"
        case .tlsProtocolError: return "TLS-protocol-error"
        case .tlsCertificateError: return "TLS-certificate-error"
        case .tlsAlertReceived: return "TLS-alert-received"
        case .httpRequestDenied: return "HTTP-request-denied"
        case .httpRequestLengthRequired: return "HTTP-request-length-required"
        case .httpRequestBodySize: return "HTTP-request-body-size"
        case .httpRequestMethodInvalid: return "HTTP-request-method-invalid"
        case .httpRequestURIInvalid: return "HTTP-request-URI-invalid"
        case .httpRequestURITooLong: return "HTTP-request-URI-too-long"
        case .httpRequestHeaderSectionSize: return "HTTP-request-header-section-size"
        case .httpResponseIncomplete: return "HTTP-response-incomplete"
        case .httpResponseHeaderSectionSize: return "HTTP-response-header-section-size"
        case .httpResponseBodySize: return "HTTP-response-body-size"
        case .httpResponseTrailerSectionSize: return "HTTP-response-trailer-section-size"
        case .httpResponseTransferCoding: return "HTTP-response-transfer-coding"
        case .httpResponseTimeout: return "HTTP-response-timeout"
        case .httpUpgradeFailed: return "HTTP-upgrade-failed"
        case .httpProtocolError: return "HTTP-protocol-error"
        case .loopDetected: return "loop-detected"
        case .configurationError: return "configuration-error"
        case .internalError: return "internal-error"
        }
    }

    public var description: String {
        switch self {
        case .dnsError(let rcode, _): return "DNS-error(\(rcode ?? "unknown"))"
        case .tlsAlertReceived(_, let message): return "TLS-alert-received(\(message ?? "unknown"))"
        case .httpRequestBodySize(let n): return "HTTP-request-body-size(\(n.map(String.init) ?? "unknown"))"
        case .httpResponseBodySize(let n): return "HTTP-response-body-size(\(n.map(String.init) ?? "unknown"))"
        case .internalError(let message): return "internal-error(\(message ?? ""))"
        default: return caseName
        }
    }

    /// The `error-code` variant value.
    public var componentValue: ComponentValue {
        .variant(case: caseName, payload: payload)
    }

    private var payload: ComponentValue? {
        func u32(_ v: UInt32?) -> ComponentValue { .option(v.map { .u32($0) }) }
        func u64(_ v: UInt64?) -> ComponentValue { .option(v.map { .u64($0) }) }
        func string(_ v: String?) -> ComponentValue { .option(v.map { .string($0) }) }
        switch self {
        case .dnsError(let rcode, let info):
            return .record([("rcode", string(rcode)), ("info-code", .option(info.map { .u16($0) }))])
        case .tlsAlertReceived(let id, let message):
            return .record([("alert-id", .option(id.map { .u8($0) })), ("alert-message", string(message))])
        case .httpRequestBodySize(let n), .httpResponseBodySize(let n): return u64(n)
        case .httpRequestHeaderSectionSize(let n), .httpResponseHeaderSectionSize(let n),
             .httpResponseTrailerSectionSize(let n): return u32(n)
        case .httpResponseTransferCoding(let s), .internalError(let s): return string(s)
        default: return nil
        }
    }

    /// The error for a malformed response.
    init(response error: HTTP1Error) {
        switch error {
        case .headerSectionTooLarge(let limit), .tooManyFields(let limit):
            self = .httpResponseHeaderSectionSize(UInt32(clamping: limit))
        case .trailerSectionTooLarge(let limit): self = .httpResponseTrailerSectionSize(UInt32(clamping: limit))
        case .truncatedBody: self = .httpResponseIncomplete
        case .unsupportedTransferEncoding: self = .httpResponseTransferCoding(nil)
        default: self = .httpProtocolError
        }
    }

    /// The error for a failed name lookup, connection or transfer.
    init(network error: NetworkError, connecting: Bool) {
        switch error {
        case .nameUnresolvable: self = .dnsError(rcode: "address not available", infoCode: nil)
        case .temporaryResolverFailure: self = .dnsError(rcode: "temporary failure", infoCode: nil)
        case .permanentResolverFailure: self = .dnsError(rcode: "permanent failure", infoCode: nil)
        case .accessDenied: self = .httpRequestDenied
        case .connectionRefused: self = .connectionRefused
        case .remoteUnreachable: self = connecting ? .destinationUnavailable : .connectionTerminated
        case .timeout: self = connecting ? .connectionTimeout : .connectionReadTimeout
        case .newSocketLimit: self = .connectionLimitReached
        case .connectionReset, .connectionAborted: self = connecting ? .connectionRefused : .connectionTerminated
        default: self = .internalError("\(error)")
        }
    }
}
