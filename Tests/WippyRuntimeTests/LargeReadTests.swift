#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
import WippyRuntime

/// `InputFile.read` of files large enough to be read on two threads, into memory given its
/// pages a piece at a time (`FreshPages`): every byte arrives where it belongs. The file is
/// written and checked a piece at a time, so the test holds only what it read (other tests
/// measure the process's memory while it runs).
@Suite("Reading large files")
struct LargeReadTests {
    /// Byte `i` of the test files.
    static func pattern(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13) }

    @Test("large files read back byte for byte, on one thread and on two")
    func readsWhole() throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        for size in [(8 << 20) - 1, (8 << 20) + 4097] {
            let path = folder.path + "/large-\(size).bin"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            try #require(fd >= 0)
            var written = 0
            while written < size {
                let piece = (written ..< min(size, written + (1 << 20))).map(Self.pattern)
                let n = piece.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                try #require(n == piece.count)
                written += n
            }
            close(fd)
            let read = try InputFile.read(path, limit: size)
            #expect(read.count == size)
            #expect(read.indices.allSatisfy { read[$0] == Self.pattern($0) }, "size \(size)")
            unlink(path)
        }
    }
}
