/// A guest's idle keep-alive connections, by scheme, host and port: a later request to the
/// same place reuses one instead of connecting again.
final class HTTPConnectionPool {
    struct Key: Hashable {
        var isHTTPS: Bool
        var host: String
        var port: UInt16
    }

    /// The most idle connections kept per key.
    static let maxIdlePerKey = 4
    private var idle: [Key: [HTTPTransport]] = [:]

    /// An idle connection to `key` that is still open, if any.
    func take(_ key: Key) -> HTTPTransport? {
        while var list = idle[key], let transport = list.popLast() {
            idle[key] = list.isEmpty ? nil : list
            // An idle connection with bytes waiting (or at its end) was closed or broken by the
            // peer: drop it. Nothing waiting (nil) means it is still usable.
            if (try? transport.receive(maxCount: 1)) == .some(nil) { return transport }
        }
        return nil
    }

    func put(_ key: Key, _ transport: HTTPTransport) {
        var list = idle[key] ?? []
        guard list.count < Self.maxIdlePerKey else { return }
        list.append(transport)
        idle[key] = list
    }
}
