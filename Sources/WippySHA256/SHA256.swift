/// A SHA-256 hasher (FIPS 180-4).
///
/// Feed bytes with ``update(_:)-(UnsafeRawBufferPointer)`` in as many pieces as you like, then read
/// the digest with ``finalize()``:
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Array("ab".utf8))
/// hasher.update(Array("c".utf8))
/// let digest = hasher.finalize()        // 32 bytes
/// SHA256.hex(digest)                    // "ba7816bf..."
/// ```
///
/// For a whole buffer at once use ``hash(_:)`` or ``hexDigest(_:)``.
///
/// The hasher is a value type with no heap storage: the partial block is kept
/// inline, and whole 64-byte blocks are compressed straight from the caller's
/// memory without copying or allocating.
public struct SHA256: Sendable {
    /// The length of a digest in bytes (32).
    public static let digestByteCount = 32
    /// The length of a block in bytes (64).
    public static let blockByteCount = 64

    /// The eight working hash words H0...H7.
    var state: SHA256State = .initial
    /// Bytes of an incomplete block, waiting for more input.
    var pending = PendingBlock()
    /// How many bytes of ``pending`` are in use (0..<64).
    var pendingCount = 0
    /// The total number of bytes hashed so far.
    var byteCount: UInt64 = 0

    /// Creates a hasher with the standard SHA-256 initial state.
    public init() {}

    /// Adds bytes to the message.
    ///
    /// - Parameter bytes: The next bytes of the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress, bytes.count > 0 else { return }
        var count = bytes.count
        byteCount &+= UInt64(count)

        if pendingCount > 0 {
            let take = min(SHA256.blockByteCount - pendingCount, count)
            let filled = pendingCount
            withUnsafeMutableBytes(of: &pending.words) { block in
                block.baseAddress.map { ($0 + filled).copyMemory(from: base, byteCount: take) }
            }
            pendingCount += take
            base += take
            count -= take
            guard pendingCount == SHA256.blockByteCount else { return }
            let block = pending
            withUnsafeBytes(of: block.words) { words in
                words.baseAddress.map { state.compress(blocks: $0, count: 1) }
            }
            pendingCount = 0
        }

        let wholeBlocks = count / SHA256.blockByteCount
        if wholeBlocks > 0 {
            state.compress(blocks: base, count: wholeBlocks)
            base += wholeBlocks * SHA256.blockByteCount
            count -= wholeBlocks * SHA256.blockByteCount
        }
        if count > 0 {
            withUnsafeMutableBytes(of: &pending.words) { block in
                block.baseAddress.map { $0.copyMemory(from: base, byteCount: count) }
            }
            pendingCount = count
        }
    }

    /// Adds bytes to the message.
    ///
    /// Contiguous collections (`[UInt8]`, `ArraySlice<UInt8>`, `UnsafeBufferPointer`,
    /// a `String`'s `utf8` view, ...) are hashed in place; other collections are
    /// copied into an array first.
    ///
    /// - Parameter bytes: The next bytes of the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(bytes).withUnsafeBytes { update($0) }
        }
    }

    /// Adds the UTF-8 encoding of a string to the message.
    ///
    /// - Parameter text: The next part of the message.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Returns the digest of all bytes added so far.
    ///
    /// The hasher itself is not changed: you may keep adding bytes and ask
    /// again, which yields the digest of the longer message.
    ///
    /// - Returns: The 32-byte digest.
    public func finalize() -> [UInt8] {
        var copy = self
        copy.pad()
        return copy.state.bigEndianBytes()
    }

    /// The lowercase hexadecimal digest of all bytes added so far
    /// (64 characters); see ``finalize()``.
    public var hexDigest: String {
        SHA256.hex(finalize())
    }

    /// Appends the FIPS 180-4 padding: `0x80`, zeros, and the message length
    /// in bits as a big-endian 64-bit number, compressing the final block(s).
    private mutating func pad() {
        let bitLength = byteCount &* 8
        var block = pending
        var used = pendingCount
        withUnsafeMutableBytes(of: &block.words) { raw in
            // A 64-byte block always has an address.
            guard let address = raw.baseAddress else { return }
            raw[used] = 0x80
            used += 1
            if used > 56 {
                for index in used ..< 64 { raw[index] = 0 }
                state.compress(blocks: UnsafeRawPointer(address), count: 1)
                used = 0
            }
            for index in used ..< 56 { raw[index] = 0 }
            for index in 0 ..< 8 {
                raw[56 + index] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(index)))
            }
            state.compress(blocks: UnsafeRawPointer(address), count: 1)
        }
    }
}

extension SHA256 {
    /// Computes the SHA-256 digest of a buffer.
    ///
    /// - Parameter bytes: The whole message.
    /// - Returns: The 32-byte digest.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Computes the SHA-256 digest of a buffer.
    ///
    /// - Parameter bytes: The whole message.
    /// - Returns: The 32-byte digest.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Computes the SHA-256 digest of a string's UTF-8 encoding.
    ///
    /// - Parameter text: The whole message.
    /// - Returns: The 32-byte digest.
    public static func hash(_ text: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalize()
    }

    /// Computes the SHA-256 digest of a buffer as 64 lowercase hexadecimal
    /// characters, the form `sha256sum` prints.
    ///
    /// - Parameter bytes: The whole message.
    /// - Returns: The digest in lowercase hexadecimal.
    public static func hexDigest(_ bytes: some Collection<UInt8>) -> String {
        hex(hash(bytes))
    }

    /// Computes the SHA-256 digest of a string's UTF-8 encoding as 64
    /// lowercase hexadecimal characters.
    ///
    /// - Parameter text: The whole message.
    /// - Returns: The digest in lowercase hexadecimal.
    public static func hexDigest(_ text: String) -> String {
        hex(hash(text))
    }
}

/// Inline storage for one 64-byte block (no heap allocation).
struct PendingBlock: Sendable {
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
}
