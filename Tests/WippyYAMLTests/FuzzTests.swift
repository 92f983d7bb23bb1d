import Testing
import WippyYAML
import SeededRandom

/// Random, generated and mutated inputs: every one must end in a value or a
/// `YAMLError` (never a trap or a hang), errors and marks must point into the
/// input, and values must survive being written out and read back.
@Suite("Fuzzing")
struct FuzzTests {
    static let seeds: [String] = [
        EntryFileTests.entryFile,
        "a: |\n  lit\n   more\nb: >-\n  folded\n  text\n\nc: \"q\\n\\u00e9\"\n",
        "- [a, {b: c}]\n- 'x''y'\n- - nested\n  - more: 1\n    key: 2\n",
        "---\nk: v # c\nlist:\n- 1\n- 2.5\n- ~\n...\n",
        "top:\n  a: plain\n    continued\n  b: \"multi\n    line\"\n",
        "{flow: [1, 2, {x: y}], 'q': \"z\"}\n",
    ]

    static let tokens: [String] = [
        "a", "key", "x y", "- ", "-", ": ", ":", "\n", "\r\n", "  ", " ", "\t", "#", " # c", "\"", "'", "\\", "\\u00", "[", "]",
        "{", "}", ",", "|", ">", "|-", ">+", "2", "?", "? ", "&a", "*a", "!t", "%", "@", "`", "---", "...", "~", "null",
        "true", "0x1F", "0755", "1.5", "é", "😀", "\u{FEFF}", "\u{85}", "\u{1}",
    ]

    @Test("20,000 random, token-soup, mutated and generated inputs")
    func randomInputs() {
        var rng = SplitMix64(state: 0x59A3_1E5E_ED00_2025)
        var parsedCount = 0
        for iteration in 0 ..< 20_000 {
            var input: [UInt8]
            switch iteration % 5 {
            case 0:
                let length = Int.random(in: 0 ... 48, using: &rng)
                input = (0 ..< length).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
            case 1:
                let count = Int.random(in: 0 ... 40, using: &rng)
                input = Array((0 ..< count).map { _ in Self.tokens.randomElement(using: &rng)! }.joined().utf8)
            case 2, 3:
                input = Array(Self.seeds.randomElement(using: &rng)!.utf8)
                for _ in 0 ..< Int.random(in: 1 ... 4, using: &rng) {
                    mutate(&input, using: &rng)
                }
            default:
                let value = randomValue(depth: 0, using: &rng)
                let text = Bool.random(using: &rng) ? blockText(value, indent: 0) : flowText(value)
                let node = try? YAMLParser().parse(text)
                #expect(node.map { same($0.value, value) } == true, "generated \(text.debugDescription)")
                input = Array(text.utf8)
            }
            if check(input) { parsedCount += 1 }
        }
        #expect(parsedCount > 4000)
    }

    /// Parses `input` and checks the result; returns whether it parsed.
    private func check(_ input: [UInt8]) -> Bool {
        do {
            let node = try YAMLParser().parse(input)
            let lines = LineTable(input)
            checkMarks(node, lines: lines, input: input)
            // Written out in flow and block style, the value reads back the same.
            let flow = flowText(node.value)
            #expect((try? YAMLParser().parse(flow)).map { same($0.value, node.value) } == true, "flow \(flow.debugDescription)")
            let block = blockText(node.value, indent: 0)
            #expect((try? YAMLParser().parse(block)).map { same($0.value, node.value) } == true, "block \(block.debugDescription)")
            return true
        } catch {
            #expect(error.offset >= 0 && error.offset <= input.count, "\(error) for \(input)")
            #expect(error.line >= 1 && error.column >= 1 && !error.message.isEmpty)
            if error.kind != .invalidCharacter {
                #expect(LineTable(input).position(of: error.offset) == (error.line, error.column), "\(error) for \(input)")
            }
            return false
        }
    }

    private func checkMarks(_ node: YAMLNode, lines: LineTable, input: [UInt8]) {
        #expect(node.mark.offset >= 0 && node.mark.offset <= input.count)
        #expect(lines.position(of: node.mark.offset) == (node.mark.line, node.mark.column), "mark \(node.mark) at \(node.mark.offset)")
        for item in node.items { checkMarks(item, lines: lines, input: input) }
        for entry in node.map ?? YAMLMap() {
            #expect(lines.position(of: entry.keyMark.offset) == (entry.keyMark.line, entry.keyMark.column))
            checkMarks(entry.node, lines: lines, input: input)
        }
    }

    private func mutate(_ input: inout [UInt8], using rng: inout SplitMix64) {
        let alphabet = Array(" \n-:#'\"[]{},|>&*!?%\\\ta1.~".utf8) + [0xC3, 0xA9, 0x0D, 0x00, 0xFF]
        guard !input.isEmpty else {
            input = [alphabet.randomElement(using: &rng)!]
            return
        }
        let index = Int.random(in: 0 ..< input.count, using: &rng)
        switch Int.random(in: 0 ..< 5, using: &rng) {
        case 0: input.remove(at: index)
        case 1: input.insert(alphabet.randomElement(using: &rng)!, at: index)
        case 2: input[index] = alphabet.randomElement(using: &rng)!
        case 3:
            // Duplicate or drop a whole line.
            let lines = input.split(separator: 0x0A, omittingEmptySubsequences: false)
            var copy = Array(lines)
            let line = Int.random(in: 0 ..< copy.count, using: &rng)
            if Bool.random(using: &rng) { copy.insert(copy[line], at: line) } else { copy.remove(at: line) }
            input = Array(copy.joined(separator: [0x0A]))
        default:
            // Change a line's indentation.
            var start = index
            while start > 0 && input[start - 1] != 0x0A { start -= 1 }
            if Bool.random(using: &rng) {
                input.insert(contentsOf: [0x20, 0x20], at: start)
            } else if start < input.count && input[start] == 0x20 {
                input.remove(at: start)
            }
        }
    }

    // MARK: Random values and writers

    private func randomValue(depth: Int, using rng: inout SplitMix64) -> YAMLValue {
        let scalarStrings = ["", "plain", "two words", "a: b", "- x", "# not", "1.10", "0755", "true", "null", "~", "é 中", "line\nbreak", "tab\t", "q\"uote", "back\\slash", " lead", "trail ", "\u{85}\u{2028}", "[x]", "{y}", "&a", "*b", "!c", "---", "..."]
        let choice = Int.random(in: 0 ..< (depth >= 4 ? 6 : 9), using: &rng)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int64.random(in: Int64.min ... Int64.max, using: &rng) >> Int64.random(in: 0 ... 63, using: &rng))
        case 3: return .float([0.5, -1.25, 1e300, 3.0, .infinity, -.infinity, 1e-7][Int.random(in: 0 ..< 7, using: &rng)])
        case 4, 5: return .string(scalarStrings.randomElement(using: &rng)!)
        case 6: return .list((0 ..< Int.random(in: 0 ... 3, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
        default:
            let keys = ["name", "kind", "a b", "1", "true", "", "é", "k:v", "-", "#"]
            var pairs: [(String, YAMLValue)] = []
            for key in keys.shuffled(using: &rng).prefix(Int.random(in: 0 ... 4, using: &rng)) {
                pairs.append((key, randomValue(depth: depth + 1, using: &rng)))
            }
            return .map(YAMLMap(pairs))
        }
    }
}

/// Maps byte offsets to one-based (line, column in Unicode scalars), independently of the parser.
struct LineTable {
    let input: [UInt8]
    var lineStarts: [Int] = [0]

    init(_ input: [UInt8]) {
        self.input = input
        for (index, byte) in input.enumerated() where byte == 0x0A {
            lineStarts.append(index + 1)
        }
    }

    func position(of offset: Int) -> (Int, Int) {
        var line = 0
        while line + 1 < lineStarts.count && lineStarts[line + 1] <= offset { line += 1 }
        var start = lineStarts[line]
        // A byte order mark at the very start does not count as a column.
        if line == 0 && input.starts(with: [0xEF, 0xBB, 0xBF]) && offset >= 3 { start = 3 }
        let column = input[start ..< min(offset, input.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return (line + 1, column)
    }
}

/// Value equality that treats NaN as equal to itself.
func same(_ lhs: YAMLValue, _ rhs: YAMLValue) -> Bool {
    switch (lhs, rhs) {
    case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
    case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
    case (.map(let a), .map(let b)):
        return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
    default: return lhs == rhs
    }
}

/// `value` as one line of flow YAML, with every string double-quoted.
func flowText(_ value: YAMLValue) -> String {
    switch value {
    case .list(let items): return "[" + items.map(flowText).joined(separator: ", ") + "]"
    case .map(let map): return "{" + map.map { quoted($0.key) + ": " + flowText($0.value) }.joined(separator: ", ") + "}"
    default: return scalarText(value)
    }
}

/// `value` as block YAML indented by `indent` spaces (empty collections in flow style).
func blockText(_ value: YAMLValue, indent: Int) -> String {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .list(let items) where !items.isEmpty:
        return items.map { item in
            if case .list(let inner) = item, !inner.isEmpty { return pad + "-\n" + blockText(item, indent: indent + 2) }
            if case .map(let inner) = item, !inner.isEmpty { return pad + "-\n" + blockText(item, indent: indent + 2) }
            return pad + "- " + flowText(item) + "\n"
        }.joined()
    case .map(let map) where !map.isEmpty:
        return map.map { entry in
            let key = pad + quoted(entry.key) + ":"
            if case .list(let inner) = entry.value, !inner.isEmpty { return key + "\n" + blockText(entry.value, indent: indent) }
            if case .map(let inner) = entry.value, !inner.isEmpty { return key + "\n" + blockText(entry.value, indent: indent + 2) }
            return key + " " + flowText(entry.value) + "\n"
        }.joined()
    default:
        return pad + flowText(value) + "\n"
    }
}

private func scalarText(_ value: YAMLValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .float(let number):
        if number.isNaN { return ".nan" }
        if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
        return "\(number)"
    case .string(let string): return quoted(string)
    default: return ""
    }
}

private func quoted(_ string: String) -> String {
    var out = "\""
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || (0x7F ... 0x9F).contains(scalar.value) || scalar.value == 0xFEFF
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
