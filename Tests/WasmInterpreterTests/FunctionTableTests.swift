import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// A store describes its functions from one shared object per instance: each address still
/// names its own instance, type, name and translated code.
@Suite struct FunctionTableTests {
    static let source = """
    (module
      (import "host" "twice" (func $twice (param i32) (result i32)))
      (func $add (export "add") (param i32 i64) (result i64)
        local.get 0 i64.extend_i32_u local.get 1 i64.add)
      (func (export "double") (param i32) (result i32)
        local.get 0 call $twice))
    """

    static func instantiate(_ store: Store, host: FunctionAddress) throws -> Instance {
        let module = try validateModule(try decodeModule(try parseWAT(source)))
        return try store.instantiate(module, imports: { module, name in
            module == "host" && name == "twice" ? .function(host) : nil
        })
    }

    @Test func eachAddressDescribesItsOwnFunction() throws {
        let store = Store()
        let host = store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32]), name: "twice") { _, args in
            guard case .i32(let v)? = args.first else { return .values([]) }
            return .values([.i32(v &* 2)])
        }
        let first = try Self.instantiate(store, host: host)
        let second = try Self.instantiate(store, host: host)
        for instance in [first, second] {
            // The import is the host function itself, not a copy.
            #expect(instance.functionAddresses[0] == host.index)
            let add = store.functions[instance.functionAddresses[1]]
            #expect(add.type == FunctionType(parameters: [.i32, .i64], results: [.i64]))
            #expect(add.instanceIndex == instance.index)
            #expect(add.definedIndex == 0)
            #expect(add.name == "add")
            let double = store.functions[instance.functionAddresses[2]]
            #expect(double.definedIndex == 1)
            #expect(double.name == "func[2]")
        }
        #expect(store.functions[host.index].name == "twice")
        #expect(store.functions[host.index].host != nil)
        #expect(store.functions[host.index].instanceIndex == -1)

        // Translating the first instance's function leaves the second's untranslated.
        let double = try #require(first.exportedFunction("double"))
        #expect(try store.invoke(double, [.i32(21)]) == [.i32(42)])
        #expect(store.functions[double.index].compiled != nil)
        let otherDouble = try #require(second.exportedFunction("double"))
        #expect(store.functions[otherDouble.index].compiled == nil)
        #expect(try store.invoke(otherDouble, [.i32(5)]) == [.i32(10)])
        #expect(store.functions[otherDouble.index].compiled != nil)
    }
}
