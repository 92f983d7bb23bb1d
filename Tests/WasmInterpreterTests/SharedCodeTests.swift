import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// A function is translated once per module and the code shared by all its instances: each
/// instance links it to its own functions, globals, memories, tags and type IDs.
@Suite struct SharedCodeTests {
    static let source = """
    (module
      (import "env" "base" (global $base i32))
      (type $t (func (param i32) (result i32)))
      (memory 1)
      (global $counter (mut i32) (i32.const 0))
      (tag $oops (param i32))
      (table 2 funcref)
      (elem (i32.const 0) $double $triple)
      (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
      (func $triple (type $t) (i32.mul (local.get 0) (i32.const 3)))
      (func (export "bump") (result i32)
        (global.set $counter (i32.add (global.get $counter) (global.get $base)))
        (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (i32.const 1)))
        (global.get $counter))
      (func (export "stored") (result i32) (i32.load (i32.const 8)))
      (func (export "indirect") (param i32 i32) (result i32)
        (call_indirect (type $t) (local.get 1) (local.get 0)))
      (func (export "direct") (param i32) (result i32) (call $triple (local.get 0)))
      (func (export "self") (result funcref) (ref.func $double))
      (func (export "caught") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $oops $h) (throw $oops (local.get 0)))
          (i32.const -1))))
    """

    /// Defined function indices of the exports above.
    static let bump = 2, direct = 5

    static func module() throws -> ValidatedModule {
        try validateModule(try decodeModule(try parseWAT(source)))
    }

    /// An instance of `module` in `store`, its `env.base` global set to `base`. `padding`
    /// modules are instantiated first, so the store's addresses differ from another store's.
    static func instance(of module: ValidatedModule, in store: Store, base: Int, padding: Int = 0) throws -> Instance {
        for _ in 0..<padding {
            let filler = try validateModule(try decodeModule(try parseWAT(
                "(module (type (func (param i64))) (func) (func) (global i32 (i32.const 0)) (memory 1) (tag))")))
            _ = try store.instantiate(filler, imports: { _, _ in nil })
        }
        let env = try validateModule(try decodeModule(try parseWAT(
            "(module (global (export \"base\") i32 (i32.const \(base))))")))
        let provider = try store.instantiate(env, imports: { _, _ in nil })
        return try store.instantiate(module, imports: { m, n in m == "env" ? provider.export(n) : nil })
    }

    static func call(_ store: Store, _ instance: Instance, _ name: String, _ args: [Value] = []) throws -> [Value] {
        let f = try #require(instance.exportedFunction(name))
        return try store.invoke(f, args)
    }

    @Test func instancesInTwoStoresShareOneTranslationAndKeepTheirOwnState() throws {
        let module = try Self.module()
        let storeA = Store(), storeB = Store()
        let a = try Self.instance(of: module, in: storeA, base: 10)
        let b = try Self.instance(of: module, in: storeB, base: 20, padding: 3)

        #expect(try Self.call(storeA, a, "bump") == [.i32(10)])
        let template = try #require(module.shared.function(Self.bump) as? CodeTemplate)
        #expect(!template.links.isEmpty)
        #expect(try Self.call(storeA, a, "bump") == [.i32(20)])
        #expect(try Self.call(storeB, b, "bump") == [.i32(20)])
        // B linked the code A translated: the same template, not a second translation. A runs
        // the template's words in place, B a copy with its own values.
        #expect(module.shared.function(Self.bump) === template)
        let bumpA = try #require(a.exportedFunction("bump")), bumpB = try #require(b.exportedFunction("bump"))
        #expect(storeA.records[bumpA.index].code == template.words)
        #expect(storeB.records[bumpB.index].code != template.words)
        #expect(try Self.call(storeA, a, "stored") == [.i32(2)])
        #expect(try Self.call(storeB, b, "stored") == [.i32(1)])

        for (store, instance) in [(storeA, a), (storeB, b)] {
            #expect(try Self.call(store, instance, "indirect", [.i32(0), .i32(5)]) == [.i32(10)])
            #expect(try Self.call(store, instance, "indirect", [.i32(1), .i32(5)]) == [.i32(15)])
            #expect(try Self.call(store, instance, "direct", [.i32(7)]) == [.i32(21)])
            #expect(try Self.call(store, instance, "caught", [.i32(42)]) == [.i32(42)])
            // `ref.func` gives this instance's function.
            let double = FunctionAddress(index: instance.functionAddresses[0])
            #expect(try Self.call(store, instance, "self") == [.funcref(double)])
        }
        #expect(a.functionAddresses[0] != b.functionAddresses[0])
    }

    /// Code the translator rewrites after emitting it (a load moved into a fused store, a
    /// compare folded into a branch, a producer retargeted) keeps its linked words right: with
    /// the check on, every function below is translated for no instance, linked and compared
    /// with the code in use, in two stores.
    @Test func rewrittenCodeKeepsItsLinks() throws {
        let text = """
        (module
          (memory 1)
          (global $g (mut i32) (i32.const 5))
          (func (export "subProduct") (param i32 f64 f64)
            local.get 0 local.get 0 f64.load local.get 1 f64.const 2 f64.mul local.get 2 f64.mul f64.sub f64.store)
          (func (export "addTo") (param i32 f64)
            local.get 0 local.get 0 f64.load offset=8 local.get 1 f64.add f64.store offset=8)
          (func (export "read") (param i32) (result f64) local.get 0 f64.load)
          (func (export "countdown") (result i32) (local i32)
            (block $done (loop $again
              (br_if $done (i32.eqz (global.get $g)))
              (global.set $g (i32.sub (global.get $g) (i32.const 1)))
              (local.set 0 (i32.add (local.get 0) (i32.load (i32.const 0))))
              (br $again)))
            (local.get 0)))
        """
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        var configuration = StoreConfiguration()
        configuration.checksSharedCode = true
        for padding in [0, 2] {
            let store = Store(configuration: configuration)
            for _ in 0..<padding { _ = try Self.instance(of: try Self.module(), in: store, base: 1) }
            let instance = try store.instantiate(module, imports: { _, _ in nil })
            _ = try Self.call(store, instance, "subProduct", [.i32(0), .f64(1.5.bitPattern), .f64(2.0.bitPattern)])
            #expect(try Self.call(store, instance, "read", [.i32(0)]) == [.f64((-6.0).bitPattern)])
            _ = try Self.call(store, instance, "addTo", [.i32(0), .f64(4.0.bitPattern)])
            #expect(try Self.call(store, instance, "read", [.i32(8)]) == [.f64(4.0.bitPattern)])
            #expect(try Self.call(store, instance, "countdown") == [.i32(0)])
        }
    }

    @Test func theCheckCatchesCodeThatDiffersFromADirectTranslation() throws {
        let module = try Self.module()
        var configuration = StoreConfiguration()
        configuration.checksSharedCode = true
        let store = Store(configuration: configuration)
        let instance = try Self.instance(of: module, in: store, base: 1)
        // A correct template passes the check.
        #expect(try Self.call(store, instance, "bump") == [.i32(1)])
        // A wrong one (as a translator bug would make) is refused before it runs.
        _ = module.shared.storeFunction(
            CodeTemplate(words: [0], links: [], handlers: [], frameSlots: 2, localSlots: 1), at: Self.direct)
        #expect {
            try Self.call(store, instance, "direct", [.i32(7)])
        } throws: { error in
            "\(error)".contains("shared code check")
        }
    }

    @Test func aTemplateNamingWhatTheInstanceLacksFailsToLink() throws {
        let module = try Self.module()
        let store = Store()
        let instance = try Self.instance(of: module, in: store, base: 1)
        _ = module.shared.storeFunction(
            CodeTemplate(words: [0, 0], links: [CodeLink(position: 1, kind: .globalSlots, index: 99)],
                         handlers: [], frameSlots: 2, localSlots: 1),
            at: Self.direct)
        #expect {
            try Self.call(store, instance, "direct", [.i32(7)])
        } throws: { error in
            "\(error)".contains("cannot link") && "\(error)".contains("globalSlots 99")
        }
        _ = module.shared.storeFunction(
            CodeTemplate(words: [0], links: [CodeLink(position: 5, kind: .memoryState, index: 0)],
                         handlers: [], frameSlots: 2, localSlots: 1),
            at: Self.bump)
        #expect {
            try Self.call(store, instance, "bump")
        } throws: { error in
            "\(error)".contains("outside the code")
        }
    }
}
