import WasmBinary

/// How much of a module the cache key hashes: everything before the module's tail of data and
/// custom sections.
///
/// Whether a function body validates, and its facts (stack height, control depth), depend only
/// on the sections before the data section: types, imports, functions, tables, memories, tags,
/// globals, exports, start, elements, the data count and the code. The data section's
/// segments are checked with the module-level rules, which run on every load, hit or miss, and
/// the segment count a body may use (`memory.init`, `data.drop`) comes from the data count
/// section, which is hashed. Custom sections never affect validation. So two modules that
/// agree up to that tail have the same body facts, and hashing the tail (CPython's snapshot:
/// 16 MB of data and 14 MB of names out of 104 MB) would only cost time.
enum HashedPrefix {
    /// The length of the prefix to hash: the offset where the trailing run of data (11) and
    /// custom (0) sections starts, or the whole length when the sections cannot be walked (the
    /// decoder then reports why) or none trails.
    static func length(of bytes: [UInt8]) -> Int {
        length(of: bytes, in: 0 ..< bytes.count)
    }

    /// The same for the module at `bytes[range]` (one embedded in a component): the length of
    /// its prefix, counted from `range.lowerBound`.
    static func length(of bytes: [UInt8], in range: Range<Int>) -> Int {
        guard range.count >= 8 else { return range.count }
        var reader = ByteReader(bytes: bytes, range: range.lowerBound + 8 ..< range.upperBound)
        var tailStart: Int? = nil
        do {
            while !reader.isAtEnd {
                let sectionStart = reader.offset
                let id = try reader.readByte()
                _ = try reader.readRange(Int(try reader.readU32()))
                if id == 0 || id == 11 {
                    if tailStart == nil { tailStart = sectionStart }
                } else {
                    tailStart = nil
                }
            }
        } catch {
            return range.count
        }
        return (tailStart ?? range.upperBound) - range.lowerBound
    }
}
