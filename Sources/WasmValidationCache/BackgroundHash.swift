#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WippyBLAKE3

/// The BLAKE3 digest of a module, computed on a thread of its own while the caller decodes the
/// module (for a module of at least a megabyte; a smaller one is hashed by ``digest()``).
final class BackgroundHash: @unchecked Sendable {
    /// Below this size the digest is computed on the calling thread.
    static let minimumThreadedBytes = 1 << 20

    private let bytes: [UInt8]
    /// Written by the thread before it ends; read after `pthread_join`.
    private var result: [UInt8] = []
    private var thread: pthread_t?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        guard bytes.count >= Self.minimumThreadedBytes else { return }
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { argument in
            guard let argument else { return nil }
            let hash = Unmanaged<BackgroundHash>.fromOpaque(argument).takeRetainedValue()
            hash.result = BLAKE3.hash(hash.bytes)
            return nil
        }, box)
        if status == 0 {
            thread = handle
        } else {
            Unmanaged<BackgroundHash>.fromOpaque(box).release()
        }
    }

    /// The digest (waits for the thread; call once).
    func digest() -> [UInt8] {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
            return result
        }
        return BLAKE3.hash(bytes)
    }
}
