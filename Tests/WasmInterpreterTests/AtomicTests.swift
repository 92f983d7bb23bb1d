import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// The threads proposal on one thread: atomic accesses read and write memory at the width they
/// name, trap when unaligned, and wait/notify answer as no other thread exists.
@Suite struct AtomicTests {
    static let text = """
        (module
          (memory (export "mem") 1 1 shared)
          (memory $plain 1)
          (func (export "rmw8_add") (param i32 i32) (result i32)
            (i32.atomic.rmw8.add_u (local.get 0) (local.get 1)))
          (func (export "load8") (param i32) (result i32) (i32.atomic.load8_u (local.get 0)))
          (func (export "load64") (param i32) (result i64) (i64.atomic.load (local.get 0)))
          (func (export "store64") (param i32 i64) (i64.atomic.store (local.get 0) (local.get 1)))
          (func (export "cmpxchg16") (param i32 i64 i64) (result i64)
            (i64.atomic.rmw16.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
          (func (export "xchg_offset") (param i32 i32) (result i32)
            (i32.atomic.rmw.xchg offset=4 (local.get 0) (local.get 1)))
          (func (export "fence") (result i32) (atomic.fence) (i32.const 7))
          (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
          (func (export "wait32") (param i32 i32 i64) (result i32)
            (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
          (func (export "wait_plain") (result i32)
            (memory.atomic.wait32 $plain (i32.const 0) (i32.const 0) (i64.const 0))))
        """

    @Test func readModifyWriteWrapsAtItsWidthAndReturnsTheOldValue() throws {
        let f = try WATInstance(Self.text)
        #expect(try f.call("rmw8_add", [.i32(3), .i32(250)]) == [.i32(0)])
        #expect(try f.call("rmw8_add", [.i32(3), .i32(10)]) == [.i32(250)])
        #expect(try f.call("load8", [.i32(3)]) == [.i32(4)])      // 260 mod 256
        #expect(try f.call("load8", [.i32(4)]) == [.i32(0)])      // no carry into the next byte
    }

    @Test func compareExchangeComparesTheWrappedExpectedValue() throws {
        let f = try WATInstance(Self.text)
        _ = try f.call("store64", [.i32(8), .i64(0x1234_0000_0000_ABCD)])
        // The expected value is cut to 16 bits before comparing: 0x1_ABCD matches 0xABCD.
        #expect(try f.call("cmpxchg16", [.i32(8), .i64(0x1_ABCD), .i64(0xFFFF_7777)]) == [.i64(0xABCD)])
        #expect(try f.call("load64", [.i32(8)]) == [.i64(0x1234_0000_0000_7777)])
        // A mismatch leaves memory as it was.
        #expect(try f.call("cmpxchg16", [.i32(8), .i64(0xABCD), .i64(1)]) == [.i64(0x7777)])
        #expect(try f.call("load64", [.i32(8)]) == [.i64(0x1234_0000_0000_7777)])
    }

    @Test func unalignedAndOutOfBoundsAccessesTrap() throws {
        let f = try WATInstance(Self.text)
        #expect(throws: TrapCode.unalignedAtomic) { _ = try f.call("load64", [.i32(4)]) }
        #expect(throws: TrapCode.unalignedAtomic) { _ = try f.call("xchg_offset", [.i32(2), .i32(1)]) }
        #expect(try f.call("xchg_offset", [.i32(0), .i32(9)]) == [.i32(0)])   // address 0 + offset 4
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try f.call("load64", [.i32(65536 - 4)]) }
        #expect(throws: TrapCode.outOfBoundsMemoryAccess) { _ = try f.call("xchg_offset", [.i32(UInt32(bitPattern: -4)), .i32(0)]) }
    }

    @Test func waitAndNotifyAnswerForOneThread() throws {
        let f = try WATInstance(Self.text)
        #expect(try f.call("fence", []) == [.i32(7)])
        #expect(try f.call("notify", [.i32(0), .i32(5)]) == [.i32(0)])
        #expect(try f.call("wait32", [.i32(0), .i32(1), .i64(UInt64.max)]) == [.i32(1)])   // not equal
        #expect(try f.call("wait32", [.i32(0), .i32(0), .i64(1000)]) == [.i32(2)]) // timed out
        #expect(throws: TrapCode.waitWithoutWaker) { _ = try f.call("wait32", [.i32(0), .i32(0), .i64(UInt64.max)]) }
        #expect(throws: TrapCode.expectedSharedMemory) { _ = try f.call("wait_plain", []) }
    }

    @Test func validationRules() throws {
        #expect(validationVerdict("(module (memory 1 2 shared))") == nil)
        #expect(validationVerdict("(module (memory 1 shared))")?.contains("shared memory must have maximum") == true)
        #expect(validationVerdict("(module (memory 1 2 shared))", features: .wasm2)?.contains("not supported") == true)
        let underAligned = "(module (memory 1) (func (drop (i32.atomic.load align=2 (i32.const 0)))))"
        #expect(validationVerdict(underAligned)?.contains("atomic alignment must be exactly natural") == true)
        let natural = "(module (memory 1) (func (drop (i32.atomic.load align=4 (i32.const 0)))))"
        #expect(validationVerdict(natural) == nil)
        #expect(validationVerdict(natural, features: .wasm2)?.contains("illegal opcode fe") == true)
        #expect(validationVerdict("(module (func (atomic.fence)))") == nil)
        #expect(validationVerdict("(module (func (drop (i32.atomic.load (i32.const 0)))))")?.contains("unknown memory") == true)
    }

    @Test func importsMatchOnlyMemoriesOfTheSameSharedness() throws {
        let store = Store()
        let exporter = try store.instantiate(
            try validateModule(try decodeModule(try parseWAT("(module (memory (export \"m\") 1 2 shared))"))),
            imports: { _, _ in nil })
        let shared = try #require(exporter.export("m"))
        let importShared = try validateModule(try decodeModule(try parseWAT(
            "(module (import \"a\" \"m\" (memory 1 2 shared)))")))
        let importPlain = try validateModule(try decodeModule(try parseWAT(
            "(module (import \"a\" \"m\" (memory 1 2)))")))
        _ = try store.instantiate(importShared, imports: { _, _ in shared })
        #expect(throws: InstantiationError.self) { _ = try store.instantiate(importPlain, imports: { _, _ in shared }) }
    }
}
