import WasmBinary
import WasmValidation
import WippyBLAKE3

/// What a record says and what it is filed under.
///
/// A record file holds, in order: the magic `WWVALID1`; its 32-byte key; the BLAKE3 digest
/// and length of the module's ``HashedPrefix``; the validation features; the runtime identity (length-prefixed); the
/// facts of each function body and where it is (count, then max stack height, max control
/// depth, the length of the body's size encoding and its size, LEB128); and a BLAKE3 checksum
/// of all the bytes before it. A record is used only when every
/// field equals what the current module and runtime give and the checksum matches, so a
/// truncated, corrupted, foreign or stale record is a miss, never a wrong answer.
struct CacheRecord {
    static let magic: [UInt8] = Array("WWVALID2".utf8)

    /// The BLAKE3 digest of the module's ``HashedPrefix``.
    let moduleDigest: [UInt8]
    /// The length of that prefix.
    let hashedLength: Int
    let features: ValidationFeatures
    /// The runtime's version and build (see ``ValidationCache``).
    let identity: String

    /// The key the record is filed under: a BLAKE3 digest of everything above.
    var key: [UInt8] {
        var material = Array("wippy-wasm validation record\u{0}".utf8)
        material += moduleDigest
        Self.append(UInt64(hashedLength), to: &material)
        Self.append(UInt64(features.rawValue), to: &material)
        material += Array(identity.utf8)
        return BLAKE3.hash(material)
    }

    /// The file name: the key in hexadecimal.
    var fileName: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in key {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self) + ".valid"
    }

    /// The record's bytes for `functions`, whose bodies are at `extents` (one each, in order).
    func encode(_ functions: [FunctionInfo], extents: [BodyExtent]) -> [UInt8] {
        var out = Self.magic + key + moduleDigest
        Self.append(UInt64(hashedLength), to: &out)
        Self.append(UInt64(features.rawValue), to: &out)
        let identityBytes = Array(identity.utf8)
        Self.append(UInt64(identityBytes.count), to: &out)
        out += identityBytes
        Self.append(UInt64(functions.count), to: &out)
        for (info, extent) in zip(functions, extents) {
            Self.append(UInt64(max(0, info.maxStackHeight)), to: &out)
            Self.append(UInt64(max(0, info.maxControlDepth)), to: &out)
            Self.append(UInt64(max(0, extent.headerLength)), to: &out)
            Self.append(UInt64(max(0, extent.size)), to: &out)
        }
        out += BLAKE3.hash(out)
        return out
    }

    /// The facts of `expectedCount` functions in `bytes` and where their bodies are, or nil
    /// unless `bytes` is this record exactly (every field, the count and the checksum).
    func decode(_ bytes: [UInt8], expectedCount: Int) -> (functions: [FunctionInfo], extents: [BodyExtent])? {
        bytes.withUnsafeBufferPointer { decode($0, expectedCount: expectedCount) }
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, expectedCount: Int) -> (functions: [FunctionInfo], extents: [BodyExtent])? {
        let checksumStart = bytes.count - BLAKE3.digestByteCount
        guard checksumStart > 0,
              BLAKE3.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<checksumStart]))) == Array(bytes[checksumStart...])
        else { return nil }
        var reader = Reader(bytes: bytes, end: checksumStart)
        guard reader.take(Self.magic.count) == Self.magic,
              reader.take(BLAKE3.digestByteCount) == key,
              reader.take(BLAKE3.digestByteCount) == moduleDigest,
              reader.number() == UInt64(hashedLength),
              reader.number() == UInt64(features.rawValue) else { return nil }
        let identityBytes = Array(identity.utf8)
        guard reader.number() == UInt64(identityBytes.count), reader.take(identityBytes.count) == identityBytes,
              reader.number() == UInt64(expectedCount) else { return nil }
        var functions: [FunctionInfo] = []
        var extents: [BodyExtent] = []
        functions.reserveCapacity(expectedCount)
        extents.reserveCapacity(expectedCount)
        for _ in 0 ..< expectedCount {
            guard let height = reader.number(), let depth = reader.number(),
                  let header = reader.number(), let size = reader.number(),
                  height <= UInt64(Int32.max), depth <= UInt64(Int32.max),
                  header <= 5, size <= UInt64(UInt32.max) else { return nil }
            functions.append(FunctionInfo(maxStackHeight: Int(height), maxControlDepth: Int(depth)))
            extents.append(BodyExtent(headerLength: Int(header), size: Int(size)))
        }
        return reader.offset == checksumStart ? (functions, extents) : nil
    }

    /// Appends `value` as unsigned LEB128.
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        repeat {
            let low = UInt8(truncatingIfNeeded: value & 0x7F)
            value >>= 7
            out.append(value == 0 ? low : low | 0x80)
        } while value != 0
    }

    /// Reads a record's fields; every read past `end` or malformed number gives nil.
    struct Reader {
        /// The record (read within its owner's `withUnsafeBufferPointer`; every index is
        /// checked against `end`, which is at most its count).
        let bytes: UnsafeBufferPointer<UInt8>
        let end: Int
        var offset = 0

        mutating func take(_ count: Int) -> [UInt8]? {
            guard count >= 0, count <= end - offset else { return nil }
            defer { offset += count }
            return Array(bytes[offset ..< offset + count])
        }

        /// An unsigned LEB128 number of at most 10 bytes that fits 64 bits.
        mutating func number() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while offset < end, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                let bits = UInt64(byte & 0x7F)
                guard shift < 63 || bits <= 1 else { return nil }
                result |= bits << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
            return nil
        }
    }
}
