import WippySHA256
import WippyThreads

/// The SHA-256 of a module file, computed by a thread of its own while the caller decodes and
/// validates the same bytes.
///
/// An entry's `hash` must be checked before its code runs, but nothing stops the file from
/// being decoded and validated meanwhile (both are written for untrusted bytes), and on two
/// cores the two overlap: for CPython's 99 MB module the digest alone takes ~375 ms of one core.
/// A file under ``minimumThreadedBytes`` is hashed by ``hexDigest()`` on the calling thread.
final class BackgroundDigest: @unchecked Sendable {
    /// Below this size a thread costs more than it saves.
    static let minimumThreadedBytes = 1 << 20

    private let bytes: [UInt8]
    /// Written by the thread before it ends; read only after the join.
    private var result: String?
    private var thread: NativeThread?

    /// Starts hashing `bytes` (on the calling thread later, if it is small or no thread starts).
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        guard bytes.count >= Self.minimumThreadedBytes else { return }
        thread = try? NativeThread.start { self.result = SHA256.hexDigest(self.bytes) }
    }

    /// The lowercase hexadecimal digest; waits for the thread (call once).
    func hexDigest() -> String {
        thread.take()?.join()
        if let result { return result }
        let digest = SHA256.hexDigest(bytes)
        result = digest
        return digest
    }
}
