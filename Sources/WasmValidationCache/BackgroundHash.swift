#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WippyBLAKE3

/// The BLAKE3 digest of a module (of its ``HashedPrefix``), computed by a thread of its own while the caller decodes the
/// module, and by the caller too once it has decoded (``BLAKE3/Shared``; for a module of at
/// least a megabyte, a smaller one is hashed by ``digest()`` alone).
final class BackgroundHash: @unchecked Sendable {
    /// Below this size the digest is computed on the calling thread.
    static let minimumThreadedBytes = 1 << 20

    private let shared: BLAKE3.Shared
    private var thread: pthread_t?

    /// Starts hashing the first `prefix` bytes of `bytes`.
    init(_ bytes: [UInt8], prefix: Int) {
        shared = BLAKE3.Shared(bytes, prefix: prefix)
        guard prefix >= Self.minimumThreadedBytes else { return }
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { argument in
            guard let argument else { return nil }
            let hash = Unmanaged<BackgroundHash>.fromOpaque(argument).takeRetainedValue()
            hash.shared.work()
            return nil
        }, box)
        if status == 0 {
            thread = handle
        } else {
            Unmanaged<BackgroundHash>.fromOpaque(box).release()
        }
    }

    /// Stops the thread's hashing and waits for it (when the digest is not needed after all).
    func cancel() {
        shared.cancel()
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    /// The digest: hashes what the thread has not taken yet, waits for it (call once).
    func digest() -> [UInt8] {
        shared.work()
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
        return shared.digest()
    }
}
