import Testing
import WippyJSON
import SeededRandom

@Suite("Fuzzing")
struct FuzzTests {
    static let seeds: [[UInt8]] = [
        #"{"a":1,"b":[true,null,false],"c":{"d":"e\n\u00e9\ud83d\ude00"}}"#,
        #"[0,-0,1.5e10,-2E-3,18446744073709551615,"x\"y\\z",[],{}]"#,
        #"{"type":"assert_return","line":12,"action":{"type":"invoke","field":"add","args":[{"type":"i32","value":"1"}]}}"#,
        "[[[[[[[[[[1]]]]]]]]]]",
        "\"héllo 中文 😀\"",
        "  {\n  \"k\" : [ 1 , 2 , { \"z\" : null } ]\n}\n",
    ].map { Array($0.utf8) }

    /// Bytes that are interesting to a JSON parser, plus raw UTF-8 pieces.
    static let alphabet: [UInt8] = Array(#"{}[],:"\/ubfnrtx0123456789-+.eEtruefalsn  \#n"#.utf8)
        + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xA9, 0xED, 0xA0, 0xF0, 0x9F, 0xF4, 0x90, 0xFF]

    /// Parses `input`, which must end in a value or an error; values must
    /// survive a serialize/parse round trip and errors must point into the input.
    private func check(_ input: [UInt8]) {
        do {
            let value = try JSONValue.parse(input)
            let text = value.serialized()
            let again = try? JSONValue.parse(text)
            #expect(again == value, "round trip failed for \(input)")
            #expect(again?.serialized() == text)
            #expect((try? JSONValue.parse(value.serialized(pretty: true))) == value)
        } catch {
            #expect(error.offset >= 0 && error.offset <= input.count, "\(error) for \(input)")
            #expect(error.line >= 1 && error.column >= 1)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func randomAndMutatedInputs() {
        var rng = SplitMix64(state: 0x5EED_0F_15_0A_2025)
        var accepted = 0
        for iteration in 0 ..< 20_000 {
            var input: [UInt8]
            switch iteration % 4 {
            case 0:
                // Fully random bytes.
                let length = Int.random(in: 0 ... 48, using: &rng)
                input = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            case 1:
                // Random JSON-ish tokens.
                let length = Int.random(in: 0 ... 64, using: &rng)
                input = (0 ..< length).map { _ in FuzzTests.alphabet.randomElement(using: &rng) ?? 0 }
            default:
                // Mutations of valid documents.
                input = FuzzTests.seeds.randomElement(using: &rng) ?? []
                let mutations = Int.random(in: 1 ... 4, using: &rng)
                for _ in 0 ..< mutations {
                    mutate(&input, using: &rng)
                }
            }
            check(input)
            if (try? JSONValue.parse(input)) != nil { accepted += 1 }
        }
        // Sanity: mutations are mild enough that some inputs stay valid.
        #expect(accepted > 100)
    }

    private func mutate(_ input: inout [UInt8], using rng: inout SplitMix64) {
        let position = input.isEmpty ? 0 : Int.random(in: 0 ..< input.count, using: &rng)
        switch Int.random(in: 0 ..< 6, using: &rng) {
        case 0 where !input.isEmpty:
            input[position] = FuzzTests.alphabet.randomElement(using: &rng) ?? 0
        case 1:
            input.insert(FuzzTests.alphabet.randomElement(using: &rng) ?? 0, at: position)
        case 2 where !input.isEmpty:
            input.remove(at: position)
        case 3:
            input.removeLast(input.count - position)
        case 4 where !input.isEmpty:
            input[position] ^= UInt8(1) << UInt8.random(in: 0 ..< 8, using: &rng)
        default:
            let end = min(input.count, position + Int.random(in: 0 ... 8, using: &rng))
            input.insert(contentsOf: Array(input[position ..< end]), at: position)
        }
    }

    @Test func everyPrefixOfValidDocuments() {
        for seed in FuzzTests.seeds {
            for length in 0 ... seed.count {
                check(Array(seed[0 ..< length]))
            }
        }
    }
}
