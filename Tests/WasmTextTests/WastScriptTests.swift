import Testing
import WasmBinary
@testable import WasmText

@Suite struct WastScriptTests {
    static let script = """
        (module $m (func (export "f") (param i32) (result i32) (local.get 0)))
        (register "reg" $m)
        (assert_return (invoke $m "f" (i32.const -1)) (i32.const 0xffffffff))
        (assert_return (invoke "g" (f32.const 1.5) (f64.const -0))
          (f32.const nan:canonical) (either (f64.const nan:arithmetic) (f64.const 2)))
        (assert_return (invoke "v" (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1))
          (v128.const f32x4 1 nan:canonical -inf 0))
        (assert_return (invoke "r" (ref.null extern) (ref.extern 7)) (ref.null func) (ref.extern) (ref.func))
        (assert_trap (invoke "t") "unreachable")
        (assert_exhaustion (invoke "x") "call stack exhausted")
        (assert_malformed (module quote "(func i32.bogus)") "unknown operator")
        (assert_invalid (module (func (result i32))) "type mismatch")
        (assert_unlinkable (module (import "x" "y" (func))) "unknown import")
        (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
        (module binary "\\00asm" "\\01\\00\\00\\00")
        (module definition $d (func))
        (module instance $i $d)
        (get "glob")
        (invoke "f" (i32.const 1))
        (assert_exception (invoke "throws"))
        (thread $t (module))
        """

    @Test func commands() throws {
        let commands = try WastScript.parse(Self.script).commands
        #expect(commands.count == 19)
        guard case .module(let m) = commands[0].kind else { Issue.record("module"); return }
        #expect(m.name == "m")
        #expect(m.form == .text)
        #expect(try decodeModule(try m.encode()).exports.first?.name == "f")
        guard case .register(as: "reg", module: "m") = commands[1].kind else { Issue.record("register"); return }
        guard case .assertReturn(let action, let expected) = commands[2].kind else { Issue.record("return"); return }
        #expect(action.module == "m")
        #expect(action.field == "f")
        #expect(action.arguments == [.i32(0xFFFF_FFFF)])
        #expect(expected == [.i32(0xFFFF_FFFF)])
        guard case .assertReturn(let g, let gExpected) = commands[3].kind else { Issue.record("return"); return }
        #expect(g.arguments == [.f32(0x3FC0_0000), .f64(0x8000_0000_0000_0000)])
        #expect(gExpected == [.f32(.nan(.canonical)), .either([.f64(.nan(.arithmetic)), .f64(.bits(0x4000_0000_0000_0000))])])
        #expect(commands[3].line == 4)
        guard case .assertReturn(let v, let vExpected) = commands[4].kind else { Issue.record("return"); return }
        #expect(v.arguments == [.v128(V128(lo: 0x0706_0504_0302_0100, hi: 0xFF0E_0D0C_0B0A_0908))])
        #expect(vExpected == [.v128(.f32, [.bits(0x3F80_0000), .nan(.canonical), .bits(0xFF80_0000), .bits(0)])])
        guard case .assertReturn(let r, let rExpected) = commands[5].kind else { Issue.record("return"); return }
        #expect(r.arguments == [.refNull(.extern), .refExtern(7)])
        #expect(rExpected == [.refNull(.function), .refExtern(nil), .refFunc])
        guard case .assertTrap(_, message: "unreachable") = commands[6].kind else { Issue.record("trap"); return }
        guard case .assertExhaustion = commands[7].kind else { Issue.record("exhaustion"); return }
        guard case .assertMalformed(let bad, message: "unknown operator") = commands[8].kind else { Issue.record("malformed"); return }
        #expect(bad.form == .quote)
        #expect(throws: WATError.self) { try bad.encode() }
        guard case .assertInvalid = commands[9].kind else { Issue.record("invalid"); return }
        guard case .assertUnlinkable = commands[10].kind else { Issue.record("unlinkable"); return }
        guard case .assertUninstantiable = commands[11].kind else { Issue.record("uninstantiable"); return }
        guard case .module(let binary) = commands[12].kind else { Issue.record("binary"); return }
        #expect(binary.form == .binary)
        #expect(try binary.encode() == [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0])
        guard case .module(let definition) = commands[13].kind else { Issue.record("definition"); return }
        #expect(definition.isDefinition)
        guard case .moduleInstance(instance: "i", definition: "d") = commands[14].kind else { Issue.record("instance"); return }
        guard case .action(let get) = commands[15].kind else { Issue.record("get"); return }
        #expect(get.kind == .get)
        guard case .action = commands[16].kind else { Issue.record("invoke"); return }
        guard case .assertException = commands[17].kind else { Issue.record("exception"); return }
        guard case .unsupported("thread") = commands[18].kind else { Issue.record("thread"); return }
    }

    @Test func inlineModuleScript() throws {
        let commands = try WastScript.parse("(func) (memory 0) (func (export \"f\"))").commands
        #expect(commands.count == 1)
        guard case .module(let m) = commands[0].kind else { Issue.record("module"); return }
        #expect(try decodeModule(try m.encode()).bodies.count == 2)
    }

    @Test func malformedScripts() {
        #expect(throws: WATError.self) { try WastScript.parse("(assert_return (invoke \"f\" (i32.const x)))") }
        #expect(throws: WATError.self) { try WastScript.parse("(module") }
        #expect(throws: WATError.self) { try WastScript.parse("nop") }
        // `either` does not nest (and so cannot make the reader recurse deeply).
        let nested = "(assert_return (invoke \"f\") " + String(repeating: "(either ", count: 10_000)
            + "(i32.const 1)" + String(repeating: ")", count: 10_001)
        #expect(throws: WATError.self) { try WastScript.parse(nested) }
    }

    @Test func moduleErrorsHaveScriptLines() throws {
        let commands = try WastScript.parse("\n\n(module\n  (func i32.bogus))").commands
        guard case .module(let m) = commands[0].kind else { Issue.record("module"); return }
        do {
            _ = try m.encode()
            Issue.record("no error")
        } catch {
            #expect(error.line == 4)
        }
    }
}
