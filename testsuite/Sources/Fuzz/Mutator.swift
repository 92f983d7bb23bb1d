import SeededRandom

/// Deterministic pseudo-random numbers (SplitMix64), so a run with the same seed repeats.
struct FuzzRandom {
    var generator: SplitMix64

    init(state: UInt64) { generator = SplitMix64(state: state) }

    mutating func next() -> UInt64 { generator.next() }

    /// A number in `0..<bound` (0 when `bound` is 0).
    mutating func below(_ bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }
}

/// Byte-level mutations of a seed input: flips, overwrites with interesting values, inserts,
/// deletions, duplicated ranges and splices of a token list.
struct Mutator {
    /// Words spliced in for text formats (keywords, punctuation, numbers that overflow).
    var tokens: [[UInt8]] = []

    static let interesting: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x40, 0x3F, 0x0B, 0x20, 0x0A]

    func mutate(_ seed: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var bytes = seed
        let edits = rng.below(2) == 0 ? 1 : 1 + rng.below(4)
        for _ in 0..<edits {
            switch rng.below(tokens.isEmpty ? 6 : 8) {
            case 0 where !bytes.isEmpty:
                let i = rng.below(bytes.count)
                bytes[i] ^= UInt8(1 << rng.below(8))
            case 1 where !bytes.isEmpty:
                bytes[rng.below(bytes.count)] = Self.interesting[rng.below(Self.interesting.count)]
            case 2 where !bytes.isEmpty:
                bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
            case 3:
                bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(bytes.count + 1))
            case 4 where !bytes.isEmpty:
                let start = rng.below(bytes.count)
                let length = min(bytes.count - start, 1 + rng.below(16))
                bytes.removeSubrange(start..<(start + length))
            case 5 where !bytes.isEmpty && bytes.count < 1 << 20:
                let start = rng.below(bytes.count)
                let length = min(bytes.count - start, 1 + rng.below(32))
                bytes.insert(contentsOf: bytes[start..<(start + length)], at: rng.below(bytes.count + 1))
            case 6, 7:
                let token = tokens[rng.below(tokens.count)]
                bytes.insert(contentsOf: token, at: rng.below(bytes.count + 1))
            default:
                break
            }
        }
        return bytes
    }
}
