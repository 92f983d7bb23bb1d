import WASIHost

/// A connected byte stream an HTTP exchange runs over: a plain TCP socket or TLS on one. Every
/// operation returns at once; one that would have to wait answers nil and the caller waits on
/// ``readable()`` / ``writable()``.
protocol HTTPTransport: AnyObject {
    /// Up to `maxCount` received bytes; empty at the end of the stream; nil when none are waiting.
    func receive(maxCount: Int) throws(HTTPErrorCode) -> [UInt8]?
    /// Sends a prefix of `bytes`; answers how many were taken, or nil when none can be now.
    func send(_ bytes: ArraySlice<UInt8>) throws(HTTPErrorCode) -> Int?
    /// Ready when ``receive(maxCount:)`` may make progress.
    func readable() -> HostPollable
    /// Ready when ``send(_:)`` may make progress.
    func writable() -> HostPollable
}

/// HTTP over a plain TCP socket.
final class PlainTransport: HTTPTransport {
    let socket: NetSocket

    init(_ socket: NetSocket) { self.socket = socket }

    func receive(maxCount: Int) throws(HTTPErrorCode) -> [UInt8]? {
        do throws(NetworkError) {
            return try socket.receive(maxCount: maxCount)?.bytes
        } catch {
            throw HTTPErrorCode(network: error, connecting: false)
        }
    }

    func send(_ bytes: ArraySlice<UInt8>) throws(HTTPErrorCode) -> Int? {
        let result: Result<Int?, NetworkError> = bytes.withUnsafeBytes { raw in
            do throws(NetworkError) {
                return .success(try socket.send(raw))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let n): return n
        case .failure(let error): throw HTTPErrorCode(network: error, connecting: false)
        }
    }

    func readable() -> HostPollable { socket.readable() }
    func writable() -> HostPollable { socket.writable() }
}
