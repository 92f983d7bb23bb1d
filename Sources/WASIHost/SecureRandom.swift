#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Random bytes from the operating system's CSPRNG: the `getrandom(2)` system call, through
/// glibc's `getentropy` wrapper (at most 256 bytes per call; Swift's Glibc module does not
/// export `getrandom` itself).
public enum SecureRandom {
    /// Fills `buffer` with cryptographically secure random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(SystemError) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let chunk = min(buffer.count - offset, 256)
            if getentropy(base + offset, chunk) != 0 {
                if errno == EINTR { continue }
                throw .last
            }
            offset += chunk
        }
    }

    /// A random 64-bit number.
    public static func next() throws(SystemError) -> UInt64 {
        var value: UInt64 = 0
        try withUnsafeMutableBytes(of: &value) { (buffer) throws(SystemError) in try fill(buffer) }
        return value
    }
}
