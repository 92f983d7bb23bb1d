import FileSupport
import Testing
import WasmBinary
import WasmInterpreter
import WasmText
import WasmValidation
import WasmValidationCache

/// Locals of every value type, read and written: the bodies' local declarations are decoded
/// only when each function is first translated after a hit.
let localsText = """
(module
  (func $mix (param $n i32) (result i64)
    (local $a i64) (local $b f64) (local $c i32) (local $v v128) (local $d f32)
    (local.set $a (i64.extend_i32_u (local.get $n)))
    (local.set $b (f64.convert_i64_u (local.get $a)))
    (local.set $c (i32.mul (local.get $n) (i32.const 3)))
    (local.set $v (i32x4.splat (local.get $c)))
    (local.set $d (f32.const 0.5))
    (i64.add
      (i64.add (local.get $a) (i64.trunc_f64_u (f64.mul (local.get $b) (f64.const 2))))
      (i64.add (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $v)))
               (i64.trunc_f32_u (f32.mul (local.get $d) (f32.const 4))))))
  (func (export "run") (param i32) (result i64)
    (local i32 i32)
    (local.set 1 (local.get 0))
    (local.set 2 (i32.add (local.get 1) (i32.const 1)))
    (call $mix (local.get 2))))
"""

@Suite("Persistent validation cache: running after a hit")
struct CacheHitRunTests {
    func run(_ validated: ValidatedModule, _ argument: UInt32) throws -> [Value] {
        let store = Store()
        let instance = try store.instantiate(validated, imports: { _, _ in nil })
        let function = try #require(instance.exportedFunction("run"))
        return try store.invoke(function, [.i32(argument)])
    }

    @Test("a module whose bodies' locals were left undecoded by a hit runs as after a miss")
    func hitRuns() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        let bytes = try parseWAT(localsText)
        let (missed, first) = try cache.load(bytes)
        let (hit, second) = try cache.load(bytes)
        #expect(first == .miss && second == .hit)
        #expect(missed.module.bodies.allSatisfy { !$0.localsDeferred })
        #expect(hit.module.bodies.allSatisfy { $0.localsDeferred })
        let direct = try validateModule(try decodeModule(bytes))
        for n: UInt32 in [0, 5, 1000] {
            // n + 1 = m: m + 2m + 3m + 2 = 6m + 2.
            let expected = [Value.i64(6 * UInt64(n + 1) + 2)]
            #expect(try run(direct, n) == expected)
            #expect(try run(missed, n) == expected)
            #expect(try run(hit, n) == expected)
        }
    }

    @Test("malformed local declarations are reported as without the cache, and never recorded")
    func malformedLocals() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        var bytes = try parseWAT("(module (func (local i32) (nop)) (data \"abc\"))")
        // The body is [size, 1 group, 1 x i32, nop, end]: make the local type invalid.
        let body = try decodeModule(bytes).bodies[0]
        let declarations = body.code.lowerBound - 1
        #expect(bytes[declarations] == 0x7F)
        bytes[declarations] = 0x40
        var expected: DecodeError?
        do { _ = try decodeModule(bytes) } catch { expected = error }
        #expect(expected?.message == "malformed value type")
        for _ in 0 ..< 2 {
            #expect(throws: expected ?? DecodeError("", offset: 0)) { try cache.load(bytes) }
        }
        // An error after the code section as well: the body's error comes first, as without the cache.
        var both = bytes
        both.removeLast()   // the data section now ends past the end of the module
        var expectedBoth: DecodeError?
        do { _ = try decodeModule(both) } catch { expectedBoth = error }
        #expect(expectedBoth == expected)
        #expect(throws: expected ?? DecodeError("", offset: 0)) { try cache.load(both) }
        #expect(dir.files.isEmpty)
    }

    @Test("a code section with bytes after its last body is reported as without the cache")
    func codeSectionSizeMismatch() throws {
        let dir = try TemporaryDirectory()
        let cache = try ValidationCache(directory: dir.path, runtimeVersion: "test")
        // One type, one function, and a code section of one body [0 locals, end] and a byte more.
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                              0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                              0x03, 0x02, 0x01, 0x00,
                              0x0A, 0x05, 0x01, 0x02, 0x00, 0x0B, 0x00]
        var expected: DecodeError?
        do { _ = try decodeModule(bytes) } catch { expected = error }
        #expect(expected?.message == "section size mismatch")
        for _ in 0 ..< 2 {
            #expect(throws: expected ?? DecodeError("", offset: 0)) { try cache.load(bytes) }
        }
        #expect(dir.files.isEmpty)
    }
}
