import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Exports are looked up by the bytes of their names: two names Swift's `String` calls equal
/// (canonically equivalent Unicode) are two exports.
@Suite struct ExportNameTests {
    @Test func namesAreComparedByteForByte() throws {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301).
        let module = try validateModule(try decodeModule(try parseWAT("""
            (module
              (func (export "\\c3\\a9") (result i32) i32.const 1)
              (func (export "e\\cc\\81") (result i32) i32.const 2))
            """)))
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        let precomposed = try #require(instance.exportedFunction("\u{E9}"))
        let decomposed = try #require(instance.exportedFunction("e\u{301}"))
        #expect(try store.invoke(precomposed, []) == [.i32(1)])
        #expect(try store.invoke(decomposed, []) == [.i32(2)])
        #expect(instance.export("e") == nil)
        #expect(ExportName("\u{E9}") != ExportName("e\u{301}"))
        #expect(ExportName("abc") == ExportName("abc"))
        #expect(ExportName("abc").hashValue == ExportName("abc").hashValue)
    }

    @Test func manyExportsAreAllFound() throws {
        var text = "(module"
        for i in 0..<2000 { text += " (func (export \"f\(i)\") (result i32) i32.const \(i))" }
        text += ")"
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        #expect(instance.exports.count == 2000)
        for i in stride(from: 0, to: 2000, by: 137) {
            let f = try #require(instance.exportedFunction("f\(i)"))
            #expect(try store.invoke(f, []) == [.i32(UInt32(i))])
        }
    }
}
