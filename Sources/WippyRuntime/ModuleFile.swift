#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmBinary

/// A core module read for running: every byte of the file, except the content of its large
/// custom sections (a `name` section of 14 MB, debugging information), which are left as zeros
/// in the array and never read. Custom section content is never looked at by decoding,
/// validation or execution; only the `name` section's is, for messages, and ``nameSection``
/// says where to read it from the file when one is needed (``InputFile/names(of:path:)``).
public struct ModuleFile: Sendable {
    /// The module's bytes at their offsets in the file; the content of the skipped custom
    /// sections reads as zeros.
    public var bytes: [UInt8]
    /// Where the content of the first `name` section is in the file, when it was skipped.
    public var nameSection: Range<Int>?
}

extension InputFile {
    /// Custom sections with at least this much content are not read.
    static let skippedCustomBytes = 1 << 20

    /// Reads the regular file at `path` as a core module (``ModuleFile``); a file that is not
    /// a core module binary (a component, WAT text, anything else) is read whole.
    ///
    /// The sections are found from the bytes as they are read, with the decoder's own rules
    /// (`ByteReader`), so the decoder sees exactly these section boundaries: anything it would
    /// reject in a custom section's header (an overlong size, a name that is not UTF-8) makes
    /// the rest of the file be read whole, and the decoder reports it as without the skipping.
    public static func readModule(_ path: String, limit: Int) throws(InputFileError) -> ModuleFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw InputFileError(path: path, reason: .system(systemErrorText())) }
        defer { close(fd) }
        let size = try regularFileSize(fd, path: path, limit: limit)
        var failure: InputFileError?
        var nameSection: Range<Int>?
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            var filler = Filler(fd: fd, base: base, size: size)
            do throws(Filler.Failure) {
                nameSection = try filler.fillSkippingCustomContent()
            } catch {
                failure = InputFileError(path: path, reason: .system(error.text))
            }
            count = filler.filled
        }
        if let failure { throw failure }
        guard bytes.count == size else { return ModuleFile(bytes: bytes, nameSection: nil) }
        try readGrowth(fd, path: path, limit: limit, into: &bytes)
        return ModuleFile(bytes: bytes, nameSection: nameSection)
    }

    /// The function names of the `name` section whose content is at `content` of the file at
    /// `path`, read when a message first needs one. The file may have changed since: what is
    /// read is decoded as untrusted input (a short read or a malformed section gives no names).
    public static func names(of content: Range<Int>, path: String) -> FunctionNames {
        FunctionNames(loading: {
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            guard let size = try? regularFileSize(fd, path: path, limit: Int.max), content.upperBound <= size else { return nil }
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: content.count) { buffer, count in
                count = 0
                guard let base = buffer.baseAddress else { return }
                while count < content.count {
                    let n = pread(fd, base + count, content.count - count, off_t(content.lowerBound + count))
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { failed = true; return }
                    count += n
                }
            }
            return failed ? nil : bytes
        })
    }
}

/// Fills a module's buffer from its file, section by section.
private struct Filler {
    struct Failure: Error {
        let text: String
    }

    let fd: Int32
    let base: UnsafeMutablePointer<UInt8>
    let size: Int
    /// Bytes `0 ..< filled` are in the buffer (read, or a skipped section's zeros).
    private(set) var filled = 0
    /// The file ended before `size` bytes.
    private var ended = false

    init(fd: Int32, base: UnsafeMutablePointer<UInt8>, size: Int) {
        self.fd = fd
        self.base = base
        self.size = size
    }

    /// Reads the file into the buffer, leaving out the content of large custom sections of a
    /// core module; returns where the first `name` section's content is when it was left out.
    mutating func fillSkippingCustomContent() throws(Failure) -> Range<Int>? {
        try fill(to: 8)
        guard filled == 8, window(0, 8) == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00] else {
            try fill(to: size)
            return nil
        }
        var nameSection: Range<Int>?
        var sawName = false
        var start = 8
        while start < size && !ended {
            // The id, the size (at most 5 bytes) and a custom section's name length (at most 5).
            try fill(to: min(start + 11, size))
            guard let header = Self.header(window(start, filled)), start + header.end <= size else { break }
            let end = start + header.end
            if header.id == 0, let (nameEnd, name) = try customName(start, header) {
                // The decoder takes its names from the first section called `name`.
                let isName = name == "name"
                if header.contentLength >= InputFile.skippedCustomBytes {
                    if isName && !sawName { nameSection = nameEnd ..< end }
                    sawName = sawName || isName
                    skip(to: end)
                    start = end
                    continue
                }
                sawName = sawName || isName
            }
            try fill(to: end)
            start = end
        }
        try fill(to: size)
        return ended ? nil : nameSection
    }

    /// A section's id, and where its content starts and it ends, from its first byte.
    struct SectionHeader {
        let id: UInt8
        let contentStart: Int
        let contentLength: Int
        var end: Int { contentStart + contentLength }
    }

    /// The section header at the start of `bytes`; nil when they do not hold a well-formed one.
    static func header(_ bytes: [UInt8]) -> SectionHeader? {
        var reader = ByteReader(bytes: bytes)
        guard let id = try? reader.readByte(), let length = try? reader.readU32(),
              let contentLength = Int(exactly: length) else { return nil }
        return SectionHeader(id: id, contentStart: reader.offset, contentLength: contentLength)
    }

    /// The name of the custom section at `start` and where it ends (the opaque content starts
    /// there), when the decoder would read it as a name; nil otherwise (names longer than 4 KiB
    /// included).
    private mutating func customName(_ start: Int, _ header: SectionHeader) throws(Failure) -> (end: Int, name: String)? {
        let contentStart = start + header.contentStart
        let content = window(contentStart, min(filled, start + header.end))
        var lengthReader = ByteReader(bytes: content)
        guard let length = try? lengthReader.readU32(), let nameLength = Int(exactly: length),
              nameLength <= 4096, lengthReader.offset + nameLength <= header.contentLength else { return nil }
        let nameEnd = contentStart + lengthReader.offset + nameLength
        try fill(to: nameEnd)
        guard !ended else { return nil }
        var reader = ByteReader(bytes: window(contentStart, nameEnd))
        guard let name = try? reader.readName() else { return nil }
        return (nameEnd, name)
    }

    /// Bytes `from ..< to` of the buffer (all filled).
    private func window(_ from: Int, _ to: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + from, count: max(0, to - from)))
    }

    /// Reads the file from `filled` up to `target` (or its end).
    private mutating func fill(to target: Int) throws(Failure) {
        guard filled < target && !ended else { return }
        let got: Int
        do throws(FileRange.Failure) {
            got = try FileRange.read(fd, into: base, from: filled, to: target)
        } catch {
            throw Failure(text: error.text)
        }
        filled += got
        if filled < target { ended = true }
    }

    /// Marks `filled ..< target` as filled without reading it: zeros, by handing its whole
    /// pages back to the kernel (which gives zero pages on the next touch; nothing touches
    /// them) and clearing the partial pages at its ends.
    private mutating func skip(to target: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: base + filled) + page - 1) & ~(page - 1)
        let last = Int(bitPattern: base + target) & ~(page - 1)
        if page > 0, last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first),
           madvise(aligned, last - first, MADV_DONTNEED) == 0 {
            (base + filled).initialize(repeating: 0, count: first - Int(bitPattern: base + filled))
            let tail = UnsafeMutablePointer<UInt8>(bitPattern: last) ?? base + target
            tail.initialize(repeating: 0, count: Int(bitPattern: base + target) - Int(bitPattern: tail))
        } else {
            (base + filled).initialize(repeating: 0, count: target - filled)
        }
        filled = target
    }
}
