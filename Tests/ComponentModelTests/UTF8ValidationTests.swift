@testable import ComponentModel
import Testing

/// The canonical ABI's UTF-8 decoding agrees with the standard library's validation: it
/// returns the same string for valid UTF-8 and traps on anything else.
@Suite("UTF-8 validation of lifted strings")
struct UTF8ValidationTests {
    static func agrees(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            (try? StringCoding.decodeUTF8(raw)) == String(validating: bytes, as: UTF8.self)
        }
    }

    @Test func edgeCases() {
        let cases: [[UInt8]] = [
            [], [0x41], [0x7F], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF],
            [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x61, 0xE2, 0x82, 0xAC, 0x62], [0xFF], [0xFE, 0xFF],
        ]
        for bytes in cases { #expect(Self.agrees(bytes), "\(bytes)") }
    }

    /// Long, mostly ASCII strings (the 32- and 8-byte steps) with one non-ASCII sequence,
    /// valid or not, at every position.
    @Test func longStringsWithOneSequenceAnywhere() {
        let sequences: [[UInt8]] = [[0x80], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xE2, 0x82], [0xED, 0xA0, 0x80]]
        for length in [31, 32, 33, 40, 64, 65, 97] {
            for position in 0...length {
                for sequence in sequences {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    bytes.insert(contentsOf: sequence, at: position)
                    #expect(Self.agrees(bytes), "\(length) \(position) \(sequence)")
                }
            }
        }
    }

    @Test func randomSequences() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...6, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? interesting.randomElement(using: &generator) ?? 0 : UInt8.random(in: 0...255, using: &generator)
            }
            #expect(Self.agrees(bytes), "\(bytes)")
        }
    }
}
