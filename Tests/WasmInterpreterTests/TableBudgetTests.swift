import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Tables are sized by the guest: one that cannot be had (past the store's `maxTableBytes`,
/// the per-table limit or system memory) fails to instantiate or makes `table.grow` return -1,
/// never aborts the process.
@Suite("Table allocation limits")
struct TableBudgetTests {
    private func store(maxTableBytes: Int) -> Store {
        var configuration = StoreConfiguration()
        configuration.maxTableBytes = maxTableBytes
        return Store(configuration: configuration)
    }

    private func module(_ text: String) throws -> ValidatedModule {
        try validateModule(try decodeModule(try parseWAT(text)))
    }

    @Test func tableGrowPastTheStoreBudgetReturnsMinusOne() throws {
        let store = store(maxTableBytes: 8 * 1000)
        let instance = try store.instantiate(try module("""
            (module (table $t 10 funcref)
              (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
              (func (export "size") (result i32) (table.size $t)))
            """), imports: { _, _ in nil })
        let grow = try #require(instance.exportedFunction("grow"))
        let size = try #require(instance.exportedFunction("size"))
        #expect(try store.invoke(grow, [.i32(5000)]) == [.i32(UInt32.max)])
        #expect(try store.invoke(grow, [.i32(0xffff_ffff)]) == [.i32(UInt32.max)])
        // What fits still grows, even where doubling the buffer would not fit.
        #expect(try store.invoke(grow, [.i32(600)]) == [.i32(10)])
        #expect(try store.invoke(grow, [.i32(390)]) == [.i32(610)])
        #expect(try store.invoke(grow, [.i32(1)]) == [.i32(UInt32.max)])
        #expect(try store.invoke(size, []) == [.i32(1000)])
    }

    @Test func aTableLargerThanTheBudgetFailsToInstantiate() throws {
        let store = store(maxTableBytes: 1 << 20)
        #expect {
            _ = try store.instantiate(try module("(module (table 1000000 funcref))"), imports: { _, _ in nil })
        } throws: { error in
            guard case InstantiationError.resourceLimit(let message) = error else { return false }
            return message.hasPrefix("cannot allocate table of 1000000 elements")
        }
        // The failed table took nothing from the budget.
        _ = try store.instantiate(try module("(module (table 100000 funcref))"), imports: { _, _ in nil })
    }

    @Test func tablesOfAStoreShareTheBudget() throws {
        let store = store(maxTableBytes: 8 * 1500)
        let text = "(module (table 1000 funcref))"
        _ = try store.instantiate(try module(text), imports: { _, _ in nil })
        #expect(throws: InstantiationError.self) {
            _ = try store.instantiate(try module(text), imports: { _, _ in nil })
        }
        #expect(throws: InstantiationError.self) {
            _ = try store.addTable(TableType(elementType: .funcref, limits: Limits(min: 1000, max: nil)), initial: .funcref(nil))
        }
    }
}
