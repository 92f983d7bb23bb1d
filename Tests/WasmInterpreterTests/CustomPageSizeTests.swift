import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// The custom-page-sizes proposal: a memory of one-byte pages grows byte by byte, in bounds
/// exactly to its size, with new bytes zero even inside a system page that was already mapped.
@Suite struct CustomPageSizeTests {
    static let text = """
        (module
          (memory (export "mem") 0 70000 (pagesize 1))
          (func (export "size") (result i32) memory.size)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))
        """

    @Test func onePageIsOneByte() throws {
        let module = try validateModule(try decodeModule(try parseWAT(Self.text)))
        #expect(module.module.memories.first?.pageSizeLog2 == 0)
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        func call(_ name: String, _ arguments: [Value]) throws -> [Value] {
            try store.invoke(try #require(instance.exportedFunction(name)), arguments)
        }
        #expect(try call("size", []) == [.i32(0)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try call("load", [.i32(0)]) }
        // Grow to just short of a system page, write the last byte, then grow past the page's
        // end one byte at a time: every new byte reads zero and is writable.
        #expect(try call("grow", [.i32(4095)]) == [.i32(0)])
        #expect(try call("store", [.i32(4094), .i32(7)]) == [])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try call("load", [.i32(4095)]) }
        for size in 4095..<4100 {
            #expect(try call("grow", [.i32(1)]) == [.i32(UInt32(size))])
            #expect(try call("load", [.i32(UInt32(size))]) == [.i32(0)])
            #expect(try call("store", [.i32(UInt32(size)), .i32(9)]) == [])
        }
        #expect(try call("size", []) == [.i32(4100)])
        #expect(try call("load", [.i32(4094)]) == [.i32(7)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try call("load", [.i32(4100)]) }
        // The maximum is in pages of one byte too.
        #expect(try call("grow", [.i32(70000 - 4100 + 1)]) == [.i32(UInt32.max)])
        #expect(try call("grow", [.i32(70000 - 4100)]) == [.i32(4100)])
    }

    @Test func pageSizesMustBeOneByteOr64KiBAndMatchOnImport() throws {
        #expect(validationVerdict("(module (memory 1 (pagesize 65536)))") == nil)
        #expect(validationVerdict("(module (memory 0xFFFF_FFFF (pagesize 1)))") == nil)
        #expect(validationVerdict("(module (memory 0x1_0000_0000 (pagesize 1)))")?.contains("memory size must be at most") == true)
        #expect(validationVerdict("(module (memory 1 (pagesize 4096)))")?.contains("invalid custom page size") == true)
        #expect(validationVerdict("(module (memory 1 (pagesize 1)))", features: .wasm2)?.contains("not supported") == true)
        #expect(throws: WATError.self) { _ = try parseWAT("(module (memory 1 (pagesize 3)))") }

        let store = Store()
        let exporter = try store.instantiate(
            try validateModule(try decodeModule(try parseWAT("(module (memory (export \"m\") 1 (pagesize 1)))"))),
            imports: { _, _ in nil })
        let memory = try #require(exporter.export("m"))
        let same = try validateModule(try decodeModule(try parseWAT("(module (import \"a\" \"m\" (memory 1 (pagesize 1))))")))
        let other = try validateModule(try decodeModule(try parseWAT("(module (import \"a\" \"m\" (memory 0)))")))
        _ = try store.instantiate(same, imports: { _, _ in memory })
        #expect(throws: InstantiationError.self) { _ = try store.instantiate(other, imports: { _, _ in memory }) }
    }
}
