import ComponentModel
import Synchronization

/// What the `wasi:http` objects one runtime's guests made hold in host memory together: their
/// `fields`, the heads of their outgoing requests and responses (fields, method, scheme,
/// authority, path), and the bytes waiting in their outgoing bodies. One per
/// `ComponentHostState` (``of(_:)``); an object adds its size when made or changed and takes it
/// back when freed, which may be on another thread.
///
/// Each object is bounded on its own (``FieldsObject/maxSize``, ``OutgoingBodyPipe/capacity``,
/// ``RequestParts/maxPartLength``), but the handle table allows a million objects, so without
/// this account a guest could still make the host hold 128 GiB of copies (fill one `fields`,
/// clone it) or of unsent bodies.
final class GuestHTTPMemory: Sendable {
    /// 128 MiB: a thousand full `fields`, or two thousand full body buffers.
    static let limit = 128 << 20
    private let used = Atomic<Int>(0)

    /// The account of `state`'s guests, made on first use.
    static func of(_ state: ComponentHostState) -> GuestHTTPMemory {
        if let account = state[GuestHTTPMemory.self] { return account }
        let account = GuestHTTPMemory()
        state[GuestHTTPMemory.self] = account
        return account
    }

    /// The bytes counted now.
    var bytes: Int { used.load(ordering: .relaxed) }

    /// Whether `bytes` more (or fewer, when negative) stay within ``limit``.
    func hasRoom(for bytes: Int) -> Bool { bytes <= Self.limit &- self.bytes }

    /// Counts `bytes` more (fewer when negative), unchecked.
    func add(_ bytes: Int) { used.wrappingAdd(bytes, ordering: .relaxed) }

    /// Counts `bytes` more, or throws when they do not fit.
    func charge(_ bytes: Int) throws(GuestHTTPMemoryFull) {
        guard hasRoom(for: bytes) else { throw GuestHTTPMemoryFull() }
        add(bytes)
    }
}

/// The guest's `wasi:http` objects would hold more than ``GuestHTTPMemory/limit`` together:
/// the call traps with this message (a body write fails with it instead).
struct GuestHTTPMemoryFull: Error, CustomStringConvertible {
    var description: String {
        "wasi:http objects too large: the fields, request and response heads and unsent body bytes made by this instance would hold more than \(GuestHTTPMemory.limit) bytes together"
    }
}
