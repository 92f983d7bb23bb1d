import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Linear memory is reserved address space, committed on touch: growing keeps the base (no copy)
/// and zeroes, and the store's `maxMemoryBytes` caps all memories together.
@Suite("Linear memory reservation")
struct MemoryReservationTests {
    private func module(_ text: String) throws -> ValidatedModule {
        try validateModule(try decodeModule(try parseWAT(text)))
    }

    static let grower = """
        (module (memory (export "m") 1)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))
        """

    @Test func growingKeepsTheBaseAndTheBytes() throws {
        let store = Store()
        let instance = try store.instantiate(try module(Self.grower), imports: { _, _ in nil })
        let grow = try #require(instance.exportedFunction("grow"))
        let load = try #require(instance.exportedFunction("load"))
        let put = try #require(instance.exportedFunction("store"))
        let base = store.memories[0].state.pointee.base
        _ = try store.invoke(put, [.i32(100), .i32(9)])
        #expect(try store.invoke(grow, [.i32(1000)]) == [.i32(1)])
        #expect(store.memories[0].state.pointee.base == base)
        #expect(try store.invoke(load, [.i32(100)]) == [.i32(9)])
        #expect(try store.invoke(load, [.i32(1001 * 65536 - 1)]) == [.i32(0)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { try store.invoke(load, [.i32(1001 * 65536)]) }
    }

    @Test func theStoreCapMakesGrowReturnMinusOne() throws {
        var configuration = StoreConfiguration()
        configuration.maxMemoryBytes = 10 * 65536
        let store = Store(configuration: configuration)
        let instance = try store.instantiate(try module(Self.grower), imports: { _, _ in nil })
        let grow = try #require(instance.exportedFunction("grow"))
        #expect(try store.invoke(grow, [.i32(9)]) == [.i32(1)])
        #expect(try store.invoke(grow, [.i32(1)]) == [.i32(UInt32.max)])
        // A second memory past the cap does not instantiate.
        #expect(throws: InstantiationError.self) { try store.instantiate(try module("(module (memory 1))"), imports: { _, _ in nil }) }
    }
}
