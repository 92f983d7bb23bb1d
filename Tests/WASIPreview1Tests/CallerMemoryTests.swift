import Testing
import WasmBinary
import WasmInterpreter
import WasmValidation
import WASIHost
import WASIPreview1

/// A WASI function writes into the memory of the instance that called it. `WASIPreview1` keeps
/// the last caller and its memory (a strong reference, so that instances need no side table for
/// a weak one): calls from several instances in turn must each find their own memory, and the
/// reference must not keep the store, the instances or the WASI state alive once the embedder
/// lets them go.
@Suite struct CallerMemoryTests {
    static func module() throws -> ValidatedModule {
        try validateModule(try decodeModule(WASIModuleBuilder.module([("args_sizes_get", [.i32, .i32], true)])))
    }

    @Test func eachCallerGetsItsOwnMemory() throws {
        let store = Store()
        let wasi = try WASIPreview1(context: WASIContext(arguments: ["prog", "a", "bc"]))
        let module = try Self.module()
        let imports = wasi.imports(into: store)
        let instances = try (0..<3).map { _ in try store.instantiate(module, imports: imports) }
        for round in 0..<4 {
            for (k, instance) in instances.enumerated() {
                let at = UInt32(8 * (round * instances.count + k))
                let f = try #require(instance.exportedFunction("args_sizes_get"))
                #expect(try store.invoke(f, [.i32(at), .i32(at + 4)]) == [.i32(0)])
            }
        }
        // Every instance's memory holds exactly its own answers (3 arguments, "prog\0a\0bc\0").
        for (k, instance) in instances.enumerated() {
            let memory = try #require(instance.exportedMemory("memory"))
            let bytes = try #require(store.readMemory(memory, offset: 0, count: 8 * 12))
            for slot in 0..<12 {
                let word = bytes[(slot * 8)..<(slot * 8 + 8)]
                let mine = slot % instances.count == k
                #expect(Array(word) == (mine ? [3, 0, 0, 0, 10, 0, 0, 0] : [0, 0, 0, 0, 0, 0, 0, 0]))
            }
        }
    }

    @Test func nothingIsKeptAliveAfterTheEmbedderLetsGo() throws {
        weak var weakStore: Store?
        weak var weakInstance: Instance?
        weak var weakWASI: WASIPreview1?
        try {
            let store = Store()
            let wasi = try WASIPreview1(context: WASIContext(arguments: ["prog"]))
            let instance = try store.instantiate(try Self.module(), imports: wasi.imports(into: store))
            let f = try #require(instance.exportedFunction("args_sizes_get"))
            #expect(try store.invoke(f, [.i32(0), .i32(4)]) == [.i32(0)])
            weakStore = store
            weakInstance = instance
            weakWASI = wasi
        }()
        #expect(weakStore == nil)
        #expect(weakInstance == nil)
        #expect(weakWASI == nil)
    }
}
