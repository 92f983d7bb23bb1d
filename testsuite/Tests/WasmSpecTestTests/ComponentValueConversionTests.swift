import ComponentBinary
import ComponentModel
import Testing
import WippyJSON
@testable import WasmSpecTest

// The conversion of component-model script values (wasm-tools `ComponentConst` JSON) to
// ComponentValue, guided by the WIT type.

private func json(_ text: String) -> JSONValue {
    (try? JSONValue.parse(text)) ?? .null
}

private func convert(_ text: String, _ type: ResolvedValueType) throws -> ComponentValue {
    try ComponentValueConversion.value(json(text), as: type)
}

private let u32 = ResolvedValueType.primitive(.u32)
private let string = ResolvedValueType.primitive(.string)

@Suite("Component value conversion")
struct ComponentValueConversionTests {
    @Test func scalars() throws {
        #expect(try convert(#"{"type":"bool","value":true}"#, .primitive(.bool)) == .bool(true))
        #expect(try convert(#"{"type":"s8","value":"-8"}"#, .primitive(.s8)) == .s8(-8))
        #expect(try convert(#"{"type":"u64","value":"18446744073709551615"}"#, .primitive(.u64)) == .u64(.max))
        #expect(try convert(#"{"type":"s64","value":"-14"}"#, .primitive(.s64)) == .s64(-14))
        #expect(try convert(#"{"type":"f32","value":"1084227584"}"#, .primitive(.f32)) == .f32(5))
        #expect(try convert(#"{"type":"f64","value":"9221120237041090560"}"#, .primitive(.f64)) == .f64(.nan))
        #expect(try convert(#"{"type":"char","value":"Z"}"#, .primitive(.char)) == .char("Z"))
        #expect(try convert(#"{"type":"string","value":"hi"}"#, string) == .string("hi"))
    }

    @Test func compounds() throws {
        #expect(try convert(#"{"type":"list","value":[{"type":"u8","value":"1"},{"type":"u8","value":"2"}]}"#, .list(.primitive(.u8)))
            == .bytes([1, 2]))
        #expect(try convert(#"{"type":"tuple","value":[{"type":"string","value":"x"},{"type":"u32","value":"4"}]}"#, .tuple([string, u32]))
            == .tuple([.string("x"), .u32(4)]))
        // Record fields come out in declaration order whatever order the script gives.
        let record = ResolvedValueType.record([ResolvedField(label: "s", type: string), ResolvedField(label: "n", type: u32)])
        #expect(try convert(#"{"type":"record","value":[["n",{"type":"u32","value":"7"}],["s",{"type":"string","value":"v"}]]}"#, record)
            == .record([("s", .string("v")), ("n", .u32(7))]))
        let variant = ResolvedValueType.variant([ResolvedCase(label: "a", type: u32), ResolvedCase(label: "b", type: nil)])
        #expect(try convert(#"{"type":"variant","value":{"case":"a","payload":{"type":"u32","value":"42"}}}"#, variant)
            == .variant(case: "a", payload: .u32(42)))
        #expect(try convert(#"{"type":"variant","value":{"case":"b"}}"#, variant) == .variant(case: "b", payload: nil))
        #expect(try convert(#"{"type":"enum","value":"y"}"#, .enum(["x", "y"])) == .enum("y"))
        #expect(try convert(#"{"type":"flags","value":["c","a"]}"#, .flags(["a", "b", "c"])) == .flags(["a", "c"]))
        #expect(try convert(#"{"type":"option","value":null}"#, .option(u32)) == .option(nil))
        #expect(try convert(#"{"type":"option","value":{"type":"u32","value":"5"}}"#, .option(u32)) == .option(.u32(5)))
        let result = ResolvedValueType.result(ok: string, error: nil)
        #expect(try convert(#"{"type":"result","value":{"Ok":{"type":"string","value":"yo"}}}"#, result)
            == .result(isOK: true, payload: .string("yo")))
        #expect(try convert(#"{"type":"result","value":{"Err":null}}"#, result) == .result(isOK: false, payload: nil))
    }

    @Test func mismatchesAreRejected() {
        #expect(throws: ScriptFormatError.self) { try convert(#"{"type":"u32","value":"1"}"#, string) }
        #expect(throws: ScriptFormatError.self) { try convert(#"{"type":"u8","value":"256"}"#, .primitive(.u8)) }
        #expect(throws: ScriptFormatError.self) { try convert(#"{"type":"char","value":"ab"}"#, .primitive(.char)) }
        #expect(throws: ScriptFormatError.self) { try convert(#"{"type":"enum","value":"z"}"#, .enum(["x"])) }
        #expect(throws: ScriptFormatError.self) { try convert(#"{"type":"flags","value":["q"]}"#, .flags(["a"])) }
        #expect(throws: ScriptFormatError.self) { try convert(#"{"type":"variant","value":{"case":"a"}}"#, .variant([ResolvedCase(label: "a", type: u32)])) }
        #expect(throws: ScriptFormatError.self) {
            try convert(#"{"type":"record","value":[["s",{"type":"string","value":"v"}]]}"#,
                        .record([ResolvedField(label: "s", type: string), ResolvedField(label: "n", type: u32)]))
        }
        #expect(throws: ScriptFormatError.self) { try convert(#"{"type":"result","value":{"Ok":null}}"#, .result(ok: u32, error: nil)) }
    }

    @Test func trapTextPrefixIsIgnored() {
        #expect(ComponentScriptRunner.expectedTrapText("wasm trap: unreachable") == "unreachable")
        #expect(ComponentScriptRunner.expectedTrapText("cannot leave component instance") == "cannot leave component instance")
    }

    @Test func valuesAreSpelled() {
        #expect(ComponentValueText.describe([.record([("a", .u32(1))]), .option(nil), .result(isOK: true, payload: .string("x"))])
            == #"{a: 1}, none, ok("x")"#)
        #expect(ComponentValueText.describe([]) == "()")
    }
}
