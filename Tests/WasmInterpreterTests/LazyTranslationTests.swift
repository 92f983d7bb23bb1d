import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// A function body is translated into threaded code on its first call, never at instantiation.
@Suite struct LazyTranslationTests {
    static let source = """
    (module
      (func $fib (export "fib") (param i32) (result i32)
        local.get 0 i32.const 2 i32.lt_u
        if (result i32) local.get 0
        else local.get 0 i32.const 1 i32.sub call $fib
             local.get 0 i32.const 2 i32.sub call $fib i32.add end)
      (func $unused (export "unused") (result i32) i32.const 7)
      (func $never (result i32) i32.const 8)
      (func (export "trap") (param i32) (result i32)
        local.get 0 i32.eqz if unreachable end
        local.get 0 i32.const 1 i32.add))
    """

    static func module() throws -> ValidatedModule {
        try validateModule(try decodeModule(try parseWAT(source)))
    }

    /// Whether the function at `address` has threaded code.
    static func isTranslated(_ store: Store, _ address: FunctionAddress) -> Bool {
        store.functions[address.index].compiled != nil && store.records[address.index].code != nil
    }

    @Test func noFunctionIsTranslatedAtInstantiation() throws {
        let store = Store()
        let instance = try store.instantiate(try Self.module(), imports: { _, _ in nil })
        for address in instance.functionAddresses {
            #expect(!Self.isTranslated(store, FunctionAddress(index: address)))
        }
    }

    @Test func onlyCalledFunctionsAreTranslated() throws {
        let store = Store()
        let instance = try store.instantiate(try Self.module(), imports: { _, _ in nil })
        let fib = try #require(instance.exportedFunction("fib"))
        let unused = try #require(instance.exportedFunction("unused"))
        #expect(try store.invoke(fib, [.i32(10)]) == [.i32(55)])
        #expect(Self.isTranslated(store, fib))
        #expect(!Self.isTranslated(store, unused))
        #expect(!Self.isTranslated(store, FunctionAddress(index: instance.functionAddresses[2])))
        #expect(try store.invoke(unused, []) == [.i32(7)])
        #expect(Self.isTranslated(store, unused))
    }

    @Test func aTrapInTheFirstCallLeavesTheFunctionUsable() throws {
        let store = Store()
        let instance = try store.instantiate(try Self.module(), imports: { _, _ in nil })
        let trap = try #require(instance.exportedFunction("trap"))
        #expect(throws: TrapCode.unreachable) { try store.invoke(trap, [.i32(0)]) }
        #expect(Self.isTranslated(store, trap))
        #expect(try store.invoke(trap, [.i32(4)]) == [.i32(5)])
        #expect(throws: TrapCode.unreachable) { try store.invoke(trap, [.i32(0)]) }
    }

    /// One validated module shared by stores on several threads: each store translates its own
    /// functions on their first calls, concurrently with the others.
    @Test func firstCallsOnSeveralThreadsAtOnce() async throws {
        let module = try Self.module()
        let results = await withTaskGroup(of: [UInt32].self) { group in
            for t in 0..<8 {
                group.addTask {
                    do {
                        let store = Store()
                        let instance = try store.instantiate(module, imports: { _, _ in nil })
                        guard let fib = instance.exportedFunction("fib") else { return [] }
                        var out: [UInt32] = []
                        for n in [15 + t % 3, 12] {
                            guard case .i32(let v)? = try store.invoke(fib, [.i32(UInt32(n))]).first else { return [] }
                            out.append(v)
                        }
                        return out
                    } catch {
                        return []
                    }
                }
            }
            var all: [[UInt32]] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 8)
        let fib: [UInt32] = [610, 987, 1597]
        for r in results {
            #expect(r.count == 2 && fib.contains(r[0]) && r[1] == 144)
        }
    }
}
