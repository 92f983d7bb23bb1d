#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where a guest's standard stream goes.
public enum WASIStream {
    /// A host file descriptor, borrowed: the guest may close its WASI descriptor, but the host
    /// descriptor stays open (the CLI passes 0, 1 and 2).
    case host(Int32)
    /// An in-memory buffer: standard input reads from it, output appends to it.
    case buffer(WASIByteBuffer)
    /// Reads see end of file, writes are discarded.
    case null
}

/// Bytes an embedder supplies as standard input or collects from standard output/error.
public final class WASIByteBuffer {
    /// The bytes: written output, or input not yet read.
    public var bytes: [UInt8]
    /// How many input bytes have been read.
    public private(set) var readOffset: Int = 0

    /// Creates a buffer holding `bytes`.
    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    /// The bytes as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends output.
    public func write(_ buffer: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: buffer)
    }

    /// Reads up to `buffer.count` input bytes; returns how many were read (0 at the end).
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let n = min(buffer.count, bytes.count - readOffset)
        guard n > 0, let base = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { source in
            guard let from = source.baseAddress else { return }  // never: `bytes` holds n or more
            base.copyMemory(from: from + readOffset, byteCount: n)
        }
        readOffset += n
        return n
    }

    /// Input bytes not yet read.
    public var remaining: Int { bytes.count - readOffset }
}
