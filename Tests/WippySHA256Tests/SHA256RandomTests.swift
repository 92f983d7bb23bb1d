import Testing
import WippySHA256
import SeededRandom

@Suite("SHA-256 against hashlib")
struct SHA256RandomTests {
    static let expected: [String] = randomInputDigests.split(separator: "\n").map(String.init)

    @Test("1,000 random-length inputs match Python's hashlib")
    func oneShot() {
        let inputs = RandomInputs.all()
        #expect(Self.expected.count == 1000)
        var mismatches = 0
        for (index, input) in inputs.enumerated() where SHA256.hexDigest(input) != Self.expected[index] {
            mismatches += 1
            Issue.record("input \(index) (\(input.count) bytes) hashed to \(SHA256.hexDigest(input))")
            if mismatches > 5 { break }
        }
        #expect(mismatches == 0)
    }

    @Test("the same inputs fed in random pieces")
    func streaming() {
        let inputs = RandomInputs.all()
        var rng = SplitMix64(state: 42)
        for (index, input) in inputs.enumerated() {
            var hasher = SHA256()
            var position = 0
            while position < input.count {
                let piece = min(input.count - position, Int(rng.next() % 150))
                hasher.update(input[position ..< position + piece])
                position += piece
            }
            #expect(hasher.hexDigest == Self.expected[index], "input \(index)")
        }
    }
}
