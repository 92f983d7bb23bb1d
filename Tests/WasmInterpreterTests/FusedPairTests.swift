import Foundation
import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Arithmetic pairs fused into one instruction (`TranslatorBody.fuseResult`) compute what the two
/// instructions compute apart: `testsuite/cli/pairs.wat` (written by
/// `Utilities/gen_pair_tests.py`) runs every fused shape against an unfused reference on 2000
/// pseudo-random inputs each. Unit tests run the run loop's switch; `make cli-test` runs the
/// same file in the release build, where the threaded handlers run it.
struct FusedPairTests {
    static let file = SharedSuite.repositoryRoot.appendingPathComponent("testsuite/cli/pairs.wat")

    @Test func everyFusedPairMatchesItsReference() throws {
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        var checked = 0
        var index = 0
        while let check = instance.exportedFunction("check\(index)") {
            #expect(try store.invoke(check, []) == [.i32(0)], "check\(index) in pairs.wat")
            checked += 1
            index += 1
        }
        #expect(checked >= 100)
    }

    /// The fused shapes are really fused: the translated code of `fused0` (xor then xor) is one
    /// instruction shorter than its reference's.
    @Test func fusedShapeIsTranslatedToOneInstruction() throws {
        let text = """
        (module
          (func (export "fused") (param i32 i32 i32) (result i32)
            local.get 0 local.get 1 i32.xor local.get 2 i32.xor)
          (func (export "apart") (param i32 i32 i32) (result i32) (local i32)
            local.get 0 local.get 1 i32.xor local.set 3 local.get 3 local.get 2 i32.xor))
        """
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        let fused = try #require(instance.exportedFunction("fused"))
        let apart = try #require(instance.exportedFunction("apart"))
        #expect(try store.invoke(fused, [.i32(6), .i32(3), .i32(1)]) == [.i32(4)])
        #expect(try store.invoke(apart, [.i32(6), .i32(3), .i32(1)]) == [.i32(4)])
        let fusedCode = try #require(store.functions[fused.index].compiled?.count)
        let apartCode = try #require(store.functions[apart.index].compiled?.count)
        // fused: i32XorThenI32Xor (3 words) + ret; apart: i32Xor (2) + i32Xor (2) + ret.
        #expect(fusedCode < apartCode)
    }

    /// A load whose result feeds `f64.add` becomes one instruction (5 words, against 4 + 2).
    @Test func loadFeedingArithmeticIsTranslatedToOneInstruction() throws {
        let text = """
        (module
          (memory 1)
          (func (export "fused") (param i32 f64) (result f64)
            local.get 0 f64.load offset=8 local.get 1 f64.add)
          (func (export "apart") (param i32 f64) (result f64) (local f64)
            local.get 0 f64.load offset=8 local.set 2 local.get 2 local.get 1 f64.add))
        """
        let module = try validateModule(try decodeModule(try parseWAT(text)))
        let store = Store()
        let instance = try store.instantiate(module, imports: { _, _ in nil })
        let fused = try #require(instance.exportedFunction("fused"))
        let apart = try #require(instance.exportedFunction("apart"))
        #expect(try store.invoke(fused, [.i32(0), .f64(2.5.bitPattern)]) == [.f64(2.5.bitPattern)])
        #expect(try store.invoke(apart, [.i32(0), .f64(2.5.bitPattern)]) == [.f64(2.5.bitPattern)])
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try store.invoke(fused, [.i32(65_521), .f64(0)]) }
        let fusedCode = try #require(store.functions[fused.index].compiled?.count)
        let apartCode = try #require(store.functions[apart.index].compiled?.count)
        #expect(fusedCode < apartCode)
    }
}
