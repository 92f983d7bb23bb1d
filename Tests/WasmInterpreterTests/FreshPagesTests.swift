#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SeededRandom
import Testing
import WasmInterpreter

/// `FreshPages`: populating fresh memory a piece at a time before writing it changes nothing
/// that is written, wherever the range starts and ends.
@Suite("Fresh pages populated before they are written")
struct FreshPagesTests {
    @Test("a copy into fresh memory, at any offset and length, is the source", arguments: [
        (0, 0), (1, 100), (4095, 70_000), (0, FreshPages.step), (12_345, FreshPages.step + 777),
    ] as [(Int, Int)])
    func copies(offset: Int, count: Int) throws {
        let length = offset + count + 4096
        let raw = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let region = try #require(raw == UnsafeMutableRawPointer(bitPattern: -1) ? nil : raw)
        defer { munmap(region, length) }
        var random = SplitMix64(seed: UInt64(offset &* 31 &+ count))
        let source = (0 ..< count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        source.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            FreshPages.copy(to: region + offset, from: base, count: count)
        }
        let written = UnsafeRawBufferPointer(start: region, count: length)
        #expect(Array(written[offset ..< offset + count]) == source)
        #expect(written[..<offset].allSatisfy { $0 == 0 })
        #expect(written[(offset + count)...].allSatisfy { $0 == 0 })
    }

    @Test("populating keeps what is already there")
    func populateKeepsContent() throws {
        let length = 1 << 20
        let raw = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let region = try #require(raw == UnsafeMutableRawPointer(bitPattern: -1) ? nil : raw)
        defer { munmap(region, length) }
        let bytes = region.assumingMemoryBound(to: UInt8.self)
        for i in stride(from: 0, to: length, by: 4096) { bytes[i] = UInt8(truncatingIfNeeded: i >> 12) }
        FreshPages.populate(region + 3, length - 3)
        for i in stride(from: 0, to: length, by: 4096) { #expect(bytes[i] == UInt8(truncatingIfNeeded: i >> 12)) }
    }
}
