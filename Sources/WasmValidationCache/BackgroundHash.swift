import WippyBLAKE3
import WippyThreads

/// The BLAKE3 digest of a module (of its ``HashedPrefix``), computed by a thread of its own while the caller decodes the
/// module, and by the caller too once it has decoded (``BLAKE3/Shared``; for a module of at
/// least a megabyte, a smaller one is hashed by ``digest()`` alone).
final class BackgroundHash: @unchecked Sendable {
    /// Below this size the digest is computed on the calling thread.
    static let minimumThreadedBytes = 1 << 20

    private let shared: BLAKE3.Shared
    private var thread: NativeThread?

    /// Starts hashing the first `prefix` bytes of `bytes`.
    init(_ bytes: [UInt8], prefix: Int) {
        shared = BLAKE3.Shared(bytes, prefix: prefix)
        guard prefix >= Self.minimumThreadedBytes else { return }
        // Without a thread (none could start) the caller's `digest()` hashes it all.
        thread = try? NativeThread.start { self.shared.work() }
    }

    /// Stops the thread's hashing and waits for it (when the digest is not needed after all).
    func cancel() {
        shared.cancel()
        thread.take()?.join()
    }

    /// The digest: hashes what the thread has not taken yet, waits for it (call once).
    func digest() -> [UInt8] {
        shared.work()
        thread.take()?.join()
        return shared.digest()
    }
}
