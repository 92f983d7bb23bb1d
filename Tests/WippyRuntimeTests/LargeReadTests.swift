import Testing
import WippyRuntime

/// `InputFile.read` of files large enough to be read on two threads, into memory given its
/// pages a piece at a time (`FreshPages`): every byte arrives where it belongs.
@Suite("Reading large files")
struct LargeReadTests {
    @Test("a large file reads back byte for byte", arguments: [(8 << 20) - 1, 8 << 20, (20 << 20) + 7])
    func readsWhole(size: Int) throws {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        var state: UInt32 = 2_463_534_242
        let bytes = (0 ..< size).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
        let path = folder.write("large.bin", bytes: bytes)
        let read = try InputFile.read(path, limit: size)
        #expect(read.count == size)
        #expect(read == bytes)
    }
}
