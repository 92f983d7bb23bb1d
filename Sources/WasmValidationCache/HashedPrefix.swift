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
        var position = 8
        var tailStart: Int? = nil
        while position < bytes.count {
            let sectionStart = position
            let id = bytes[position]
            position += 1
            guard let size = readSize(bytes, &position) else { return bytes.count }
            let (end, overflow) = position.addingReportingOverflow(size)
            guard !overflow, end <= bytes.count else { return bytes.count }
            if id == 0 || id == 11 {
                if tailStart == nil { tailStart = sectionStart }
            } else {
                tailStart = nil
            }
            position = end
        }
        return tailStart ?? bytes.count
    }

    /// A section size (unsigned LEB128, at most 5 bytes, at most 32 bits); nil when malformed.
    private static func readSize(_ bytes: [UInt8], _ position: inout Int) -> Int? {
        var result = 0
        var shift = 0
        while shift < 35 {
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            result |= Int(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result <= Int(UInt32.max) ? result : nil }
            shift += 7
        }
        return nil
    }
}
