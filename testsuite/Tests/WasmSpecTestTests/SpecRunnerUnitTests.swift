import Testing
import WasmBinary
import WasmInterpreter
import WippyJSON
@testable import WasmSpecTest

// Unit tests of the runner's pure logic: value parsing, NaN matching, the expected-failures list,
// argument parsing helpers. Wire as
//   .testTarget(name: "WasmSpecTestTests", dependencies: ["WasmSpecTest", "WasmBinary", "WasmInterpreter", "WippyJSON"],
//               path: "testsuite/Tests/WasmSpecTestTests", swiftSettings: strict)

private func json(_ text: String) -> JSONValue {
    (try? JSONValue.parse(text)) ?? .null
}

@Suite("Spec value parsing")
struct SpecValueParsingTests {
    @Test func integersWrap() {
        #expect(WrappingInteger.parse32("-1") == 0xffff_ffff)
        #expect(WrappingInteger.parse32("4294967295") == 0xffff_ffff)
        #expect(WrappingInteger.parse32("4294967296") == 0)
        #expect(WrappingInteger.parse32("-2147483648") == 0x8000_0000)
        #expect(WrappingInteger.parse("-9223372036854775808") == 0x8000_0000_0000_0000)
        #expect(WrappingInteger.parse("18446744073709551615") == UInt64.max)
        #expect(WrappingInteger.parse("-1") == UInt64.max)
        #expect(WrappingInteger.parse("0x10") == 16)
        #expect(WrappingInteger.parse("") == nil)
        #expect(WrappingInteger.parse("-") == nil)
        #expect(WrappingInteger.parse("12a") == nil)
    }

    @Test func scalars() throws {
        #expect(try SpecValueParser.expected(json(#"{"type":"i32","value":"-2"}"#)) == .i32(0xffff_fffe))
        #expect(try SpecValueParser.expected(json(#"{"type":"i64","value":"18446744073709551615"}"#)) == .i64(.max))
        #expect(try SpecValueParser.expected(json(#"{"type":"f32","value":"1065353216"}"#)) == .f32(.bits(0x3f80_0000)))
        #expect(try SpecValueParser.expected(json(#"{"type":"f64","value":"nan:canonical"}"#)) == .f64(.nan(.canonical)))
        #expect(try SpecValueParser.expected(json(#"{"type":"f32","value":"nan:arithmetic"}"#)) == .f32(.nan(.arithmetic)))
        #expect(try SpecValueParser.argument(json(#"{"type":"f64","value":"9221120237041090560"}"#))
            == .value(.f64(0x7ff8_0000_0000_0000)))
        #expect(throws: ScriptFormatError.self) { try SpecValueParser.expected(json(#"{"type":"i32","value":"x"}"#)) }
        #expect(throws: ScriptFormatError.self) { try SpecValueParser.expected(json(#"{"value":"1"}"#)) }
    }

    @Test func vectors() throws {
        let v = try SpecValueParser.argument(json(#"{"type":"v128","lane_type":"i8","value":["-1","0","1","2","3","4","5","6","7","8","9","10","11","12","13","-128"]}"#))
        #expect(v == .value(.v128(V128(bytes: [0xff, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0x80]))))
        let i64 = try SpecValueParser.argument(json(#"{"type":"v128","lane_type":"i64","value":["-1","1"]}"#))
        #expect(i64 == .value(.v128(V128(lo: .max, hi: 1))))
        let f32 = try SpecValueParser.expected(json(#"{"type":"v128","lane_type":"f32","value":["nan:canonical","1065353216","0","nan:arithmetic"]}"#))
        #expect(f32 == .v128(.f32, [.nan(.canonical), .bits(0x3f80_0000), .bits(0), .nan(.arithmetic)]))
        #expect(throws: ScriptFormatError.self) {
            try SpecValueParser.expected(json(#"{"type":"v128","lane_type":"i32","value":["1","2"]}"#))
        }
    }

    @Test func references() throws {
        #expect(try SpecValueParser.expected(json(#"{"type":"funcref","value":"null"}"#)) == .ref(.null(.function)))
        #expect(try SpecValueParser.expected(json(#"{"type":"funcref"}"#)) == .ref(.nonNull(.function)))
        #expect(try SpecValueParser.expected(json(#"{"type":"externref","value":"7"}"#)) == .ref(.host(7)))
        #expect(try SpecValueParser.expected(json(#"{"type":"refnull"}"#)) == .ref(.null(nil)))
        #expect(try SpecValueParser.expected(json(#"{"type":"nullexternref"}"#)) == .ref(.null(.extern)))
        #expect(try SpecValueParser.expected(json(#"{"type":"structref"}"#)) == .ref(.nonNull(.struct)))
        #expect(try SpecValueParser.expected(json(#"{"type":"anyref","value":"2"}"#)) == .ref(.anyHost(2)))
        #expect(try SpecValueParser.expected(json(#"{"type":"eqref","value":"null"}"#)) == .ref(.null(.eq)))
        #expect(try SpecValueParser.argument(json(#"{"type":"externref","value":"3"}"#)) == .value(.externref(3)))
        #expect(try SpecValueParser.argument(json(#"{"type":"funcref","value":"null"}"#)) == .null(.function))
        #expect(try SpecValueParser.argument(json(#"{"type":"anyref","value":"1"}"#)) == .value(.anyref(.host(1))))
        #expect(try SpecValueParser.argument(json(#"{"type":"i31ref","value":"null"}"#)) == .null(.i31))
    }
}

@Suite("Value matching")
struct ValueMatchingTests {
    @Test func nanPatterns() {
        #expect(ValueMatcher.isNaN32(0x7fc0_0000, .canonical))
        #expect(ValueMatcher.isNaN32(0xffc0_0000, .canonical))
        #expect(!ValueMatcher.isNaN32(0x7fc0_0001, .canonical))
        #expect(ValueMatcher.isNaN32(0x7fc0_0001, .arithmetic))
        #expect(!ValueMatcher.isNaN32(0x7fa0_0000, .arithmetic))  // signalling
        #expect(!ValueMatcher.isNaN32(0x7f80_0000, .arithmetic))  // infinity
        #expect(ValueMatcher.isNaN64(0xfff8_0000_0000_0000, .canonical))
        #expect(!ValueMatcher.isNaN64(0x7ff8_0000_0000_0001, .canonical))
        #expect(ValueMatcher.isNaN64(0x7fff_ffff_ffff_ffff, .arithmetic))
        #expect(!ValueMatcher.isNaN64(0x7ff4_0000_0000_0000, .arithmetic))
    }

    @Test func scalarsAndLists() {
        #expect(ValueMatcher.matches(.i32(1), .i32(1)))
        #expect(!ValueMatcher.matches(.i64(1), .i32(1)))
        #expect(!ValueMatcher.matches(.f32(0x8000_0000), .f32(.bits(0))))  // -0 is not +0
        #expect(ValueMatcher.matches(.f32(0x7fc0_0000), .f32(.nan(.canonical))))
        #expect(ValueMatcher.matches([.i32(1), .i64(2)], [.i32(1), .i64(2)]))
        #expect(!ValueMatcher.matches([.i32(1)], [.i32(1), .i64(2)]))
        #expect(ValueMatcher.matches(.i32(2), .either([.i32(1), .i32(2)])))
        #expect(!ValueMatcher.matches(.i32(3), .either([.i32(1), .i32(2)])))
    }

    @Test func vectorLanes() {
        // f32x4 [canonical NaN, 1.0, arithmetic NaN, 0]
        let vector = V128(lo: 0x3f80_0000_7fc0_0000, hi: 0x0000_0000_7fe0_0000)
        #expect(ValueMatcher.matches(.v128(vector), .v128(.f32, [.nan(.canonical), .bits(0x3f80_0000), .nan(.arithmetic), .bits(0)])))
        #expect(!ValueMatcher.matches(.v128(vector), .v128(.f32, [.nan(.canonical), .bits(0x3f80_0000), .nan(.canonical), .bits(0)])))
        #expect(V128Lanes.lanes(of: V128(lo: 0x0102, hi: 0), shape: .i8)[0...1] == [2, 1])
        #expect(V128Lanes.lanes(of: V128(lo: 1, hi: 2), shape: .i64) == [1, 2])
    }

    @Test func references() {
        #expect(ValueMatcher.matches(.funcref(nil), .ref(.null(.function))))
        #expect(!ValueMatcher.matches(.externref(nil), .ref(.null(.function))))
        #expect(ValueMatcher.matches(.externref(nil), .ref(.null(nil))))
        #expect(ValueMatcher.matches(.funcref(FunctionAddress(index: 3)), .ref(.nonNull(.function))))
        #expect(!ValueMatcher.matches(.funcref(nil), .ref(.nonNull(.function))))
        #expect(ValueMatcher.matches(.externref(5), .ref(.host(5))))
        #expect(!ValueMatcher.matches(.externref(6), .ref(.host(5))))
        // GC: the any hierarchy, its host references and externalised objects.
        #expect(ValueMatcher.matches(.anyref(.host(1)), .ref(.anyHost(1))))
        #expect(!ValueMatcher.matches(.anyref(.host(1)), .ref(.nonNull(.eq))))
        #expect(ValueMatcher.matches(.anyref(.i31(4)), .ref(.nonNull(.i31))))
        #expect(ValueMatcher.matches(.anyref(.object(GCObjectAddress(index: 0))), .ref(.nonNull(.struct))))
        #expect(ValueMatcher.matches(.anyref(.object(GCObjectAddress(index: 0))), .ref(.nonNull(.extern))))
        #expect(ValueMatcher.matches(.anyref(nil), .ref(.null(.struct))))
        #expect(!ValueMatcher.matches(.externref(nil), .ref(.null(.struct))))
    }

    @Test func formatting() {
        #expect(ValueFormatter.describe(.i32(0xffff_ffff)) == "i32:-1")
        #expect(ValueFormatter.describe(.f32(0x7fc0_0000)) == "f32:nan:0x7fc00000")
        #expect(ValueFormatter.describe(.f64(0x3ff0_0000_0000_0000)) == "f64:1.0")
        #expect(ValueFormatter.describe(.v128(V128(lo: 1, hi: 0xffff_ffff_ffff_ffff)), shape: .i64) == "v128:i64x2[1 -1]")
        #expect(ValueFormatter.describe(ExpectedValue.f32(.nan(.canonical))) == "f32:nan:canonical")
    }

    @Test func messages() {
        #expect(ScriptRunner.messagesMatch(expected: "integer overflow", actual: "integer overflow"))
        #expect(ScriptRunner.messagesMatch(expected: "unknown import", actual: "unknown import \"m\" \"f\""))
        #expect(ScriptRunner.messagesMatch(expected: "out of bounds memory access", actual: "out of bounds"))
        #expect(!ScriptRunner.messagesMatch(expected: "integer overflow", actual: "unreachable"))
        #expect(ScriptRunner.messagesMatch(expected: "", actual: "anything"))
    }
}

@Suite("Expected failures")
struct ExpectedFailureTests {
    @Test func parsing() {
        let list = ExpectedFailureList(parsing: """
            # comment
            simd_lane 12 NaN payload   # trailing comment

            proposals/threads/atomic.wast * single memory
            bad-line
            x notanumber reason
            """)
        #expect(list.entries.count == 2)
        #expect(list.entries[0].script == "simd_lane")
        #expect(list.entries[0].line == 12)
        #expect(list.entries[0].reason == "NaN payload")
        #expect(list.entries[1].line == nil)
        #expect(list.problems.map(\.line) == [5, 6])
    }

    @Test func matchingByAliases() {
        let list = ExpectedFailureList(parsing: """
            i32 10 a
            proposals/threads/atomic.wast * b
            legacy/throw/throw.json 5 c
            """)
        let i32 = ExpectedFailureList.aliases(relativePath: "i32/i32.json", displayPath: "../x/i32/i32.json", sourceFilename: "i32.wast")
        #expect(i32.contains("i32/i32"))
        #expect(i32.contains("i32.wast"))
        let candidates = list.entries(forAliases: i32)
        #expect(candidates == [0])
        #expect(list.match(line: 10, candidates: candidates) == 0)
        #expect(list.match(line: 11, candidates: candidates) == nil)

        let atomic = ExpectedFailureList.aliases(
            relativePath: "proposals/threads/atomic/atomic.json", displayPath: "json/proposals/threads/atomic/atomic.json",
            sourceFilename: "atomic.wast")
        #expect(list.match(line: 99, candidates: list.entries(forAliases: atomic)) == 1)

        let throwNew = ExpectedFailureList.aliases(relativePath: "throw/throw.json", displayPath: "json/throw/throw.json", sourceFilename: "throw.wast")
        #expect(list.entries(forAliases: throwNew).isEmpty)
        let throwLegacy = ExpectedFailureList.aliases(
            relativePath: "legacy/throw/throw.json", displayPath: "json/legacy/throw/throw.json", sourceFilename: "throw.wast")
        #expect(list.entries(forAliases: throwLegacy) == [2])
    }
}

@Suite("File system helper")
struct FileSystemTests {
    @Test func paths() {
        #expect(FileSystem.join("a", "b") == "a/b")
        #expect(FileSystem.join("a/", "b") == "a/b")
        #expect(FileSystem.directoryName("a/b/c.json") == "a/b")
        #expect(FileSystem.directoryName("c.json") == ".")
        #expect(FileSystem.baseName("a/b/c.json") == "c.json")
        #expect(FileSystem.kind(of: "/definitely/not/here") == .missing)
        #expect(FileSystem.kind(of: "/") == .directory)
    }
}
