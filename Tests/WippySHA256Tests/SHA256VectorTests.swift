import Testing
import WippySHA256

@Suite("SHA-256 known-answer vectors")
struct SHA256VectorTests {
    @Test("NIST FIPS 180-4 examples and common vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
        ("The quick brown fox jumps over the lazy dog", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
    ])
    func vector(message: String, expected: String) {
        #expect(SHA256.hexDigest(message) == expected)
        #expect(SHA256.hexDigest(Array(message.utf8)) == expected)
        #expect(SHA256.hex(SHA256.hash(message)) == expected)
        var hasher = SHA256()
        for byte in message.utf8 { hasher.update([byte]) }
        #expect(hasher.hexDigest == expected)
    }

    @Test("one million 'a'")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == expected)

        // The same message in uneven pieces.
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var remaining = 1_000_000
        while remaining > 0 {
            let take = min(remaining, chunk.count)
            hasher.update(chunk[0 ..< take])
            remaining -= take
        }
        #expect(hasher.hexDigest == expected)
    }

    @Test("digest is 32 bytes; hex is 64 lowercase characters")
    func shapes() {
        let digest = SHA256.hash("abc")
        #expect(digest.count == SHA256.digestByteCount)
        #expect(digest.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        let hex = SHA256.hexDigest("abc")
        #expect(hex.utf8.count == 64)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test("finalize does not consume the hasher")
    func finalizeIsASnapshot() {
        var hasher = SHA256()
        hasher.update("ab")
        #expect(hasher.hexDigest == SHA256.hexDigest("ab"))
        hasher.update("c")
        #expect(hasher.finalize() == SHA256.hash("abc"))
        #expect(hasher.finalize() == SHA256.hash("abc"))
    }

    @Test("update accepts slices, strings, raw buffers and non-contiguous collections")
    func updateOverloads() {
        let expected = SHA256.hash("abc")
        var fromSlice = SHA256()
        fromSlice.update(Array("xabcx".utf8)[1 ..< 4])
        #expect(fromSlice.finalize() == expected)

        var fromRaw = SHA256()
        Array("abc".utf8).withUnsafeBytes { fromRaw.update($0) }
        #expect(fromRaw.finalize() == expected)
        #expect(Array("abc".utf8).withUnsafeBytes { SHA256.hash($0) } == expected)

        var fromLazy = SHA256()
        fromLazy.update((0 ..< 3).lazy.map { UInt8(ascii: "a") + UInt8($0) })
        #expect(fromLazy.finalize() == expected)

        var empty = SHA256()
        empty.update([UInt8]())
        empty.update(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(empty.finalize() == SHA256.hash([UInt8]()))
    }

    @Test("hex parsing round-trips and rejects malformed digests")
    func hexParsing() {
        let digest = SHA256.hash("abc")
        let hex = SHA256.hex(digest)
        #expect(SHA256.digest(fromHex: hex) == digest)
        #expect(SHA256.digest(fromHex: hex.uppercased()) == digest)
        #expect(SHA256.digest(fromHex: String(hex.dropLast())) == nil)
        #expect(SHA256.digest(fromHex: hex + "0") == nil)
        #expect(SHA256.digest(fromHex: "g" + String(hex.dropFirst())) == nil)
        #expect(SHA256.digest(fromHex: "") == nil)
        #expect(SHA256.hex([0x00, 0x0f, 0xf0, 0xff]) == "000ff0ff")
    }
}
