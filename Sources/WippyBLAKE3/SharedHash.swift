import Synchronization

extension BLAKE3 {
    /// One BLAKE3 digest computed by several threads together. Every thread that calls ``work()``
    /// hashes groups of 256 chunks (256 KiB) until none is left; once every call has returned
    /// (the caller joins its threads), ``digest()`` hashes the last chunk and the tree. So a thread
    /// that has something else to do first (decoding the module) joins in when it is free, and
    /// the hash ends as soon as the two have done it together.
    ///
    /// ```swift
    /// let shared = BLAKE3.Shared(bytes)
    /// // on another thread: shared.work()
    /// shared.work()
    /// // join the other thread, then:
    /// let digest = shared.digest()     // == BLAKE3.hash(bytes)
    /// ```
    public final class Shared: @unchecked Sendable {
        static let groupChunks = 256

        private let bytes: [UInt8]
        /// How many of `bytes`, from the start, are hashed.
        private let count: Int
        private let chunks: Int
        /// Each chunk's chaining value, 8 words at its index; a group is written by one thread.
        private let values: UnsafeMutablePointer<UInt32>
        /// The next group to hash.
        private let nextGroup = Atomic<Int>(0)

        /// Prepares the hash of `bytes` (nothing is hashed yet).
        public convenience init(_ bytes: [UInt8]) {
            self.init(bytes, prefix: bytes.count)
        }

        /// Prepares the hash of the first `prefix` bytes of `bytes` (all of them when `prefix`
        /// is out of range); the digest is `BLAKE3.hash(Array(bytes[..<prefix]))`.
        public init(_ bytes: [UInt8], prefix: Int) {
            self.bytes = bytes
            count = prefix >= 0 && prefix <= bytes.count ? prefix : bytes.count
            chunks = BLAKE3.chunkCount(count)
            values = .allocate(capacity: chunks * 8)
        }

        deinit { values.deallocate() }

        /// Hashes groups of chunks until none is left; call from any number of threads.
        public func work() {
            let whole = chunks - 1
            let groups = (whole + Self.groupChunks - 1) / Self.groupChunks
            bytes.withUnsafeBytes { all in
                let raw = UnsafeRawBufferPointer(rebasing: all[..<count])
                guard let base = raw.baseAddress else { return }
                withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 16) { message in
                    guard let m = message.baseAddress else { return }
                    while true {
                        let group = nextGroup.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard group < groups else { return }
                        let start = group * Self.groupChunks
                        BLAKE3.wholeChunks(base, start ..< min(whole, start + Self.groupChunks), into: values, m)
                    }
                }
            }
        }

        /// Makes ``work()`` calls stop after their current group (the digest is then unusable).
        public func cancel() {
            nextGroup.store(Int.max / 2, ordering: .relaxed)
        }

        /// The digest; only after every ``work()`` call has returned (and at least one was made).
        public func digest() -> [UInt8] {
            bytes.withUnsafeBytes { all in
                let raw = UnsafeRawBufferPointer(rebasing: all[..<count])
                return withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 16) { message in
                    guard let m = message.baseAddress else { return [] }
                    guard chunks > 1 else { return BLAKE3.digestBytes(BLAKE3.chunk(raw, counter: 0, root: true, m)) }
                    return BLAKE3.finish(raw, chunks: chunks, values: values, m)
                }
            }
        }
    }
}
