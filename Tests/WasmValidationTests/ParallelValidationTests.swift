#if canImport(Glibc)
import Glibc
#endif
import Testing
import WasmBinary
@testable import WasmValidation

/// Large modules have their function bodies checked on several threads; what is reported must
/// not depend on that.
@Suite struct ParallelValidationTests {
    static let functionCount = 2400

    /// A module of `functionCount` functions `(param i32) (result i32)` with about 1.4 KB of code
    /// each (more than twice `ParallelBodies.minimumParallelBytes` together, so two threads
    /// check it on a machine with two cores), written with the padded
    /// 5-byte LEB128 indices and constants linkers emit; `broken` replaces some bodies.
    static func module(broken: [Int: [UInt8]] = [:]) -> [UInt8] {
        var b = WasmBuilder()
        let t = b.type([[B.i32]], [[B.i32]])
        b.memories.append([0x00, 0x01])
        var body: [UInt8] = [0x20, 0x80, 0x80, 0x80, 0x80, 0x00]  // local.get 0 (padded)
        for k in 0..<100 {
            body += [0x41, 0x80 | UInt8(k & 0x7F), 0x80, 0x80, 0x80, 0x00]  // i32.const k (padded)
            body += [0x6A]  // i32.add
            body += [0x28, 0x02, 0x84, 0x80, 0x80, 0x80, 0x00]  // i32.load offset=4 (padded)
        }
        body += [0x10, 0x80, 0x80, 0x80, 0x80, 0x00]  // call 0 (padded): the result
        for i in 0..<functionCount {
            b.function(type: t, locals: [(1, [B.i64])], broken[i] ?? body)
        }
        return b.build()
    }

    @Test func aLargeValidModuleIsValid() throws {
        let module = try decodeModule(Self.module())
        var code = 0
        for body in module.bodies { code += body.code.count }
        #expect(code > 2 * ParallelBodies.minimumParallelBytes)
        #expect(ParallelBodies.threadCount(codeBytes: code) >= min(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        let validated = try validateModule(module)
        #expect(validated.functions.count == Self.functionCount)
        #expect(validated.functions.allSatisfy { $0.maxStackHeight == 2 && $0.maxControlDepth == 1 })
    }

    @Test func theLowestInvalidFunctionIsReported() throws {
        let mismatch: [UInt8] = [0x42, 0x00, 0x6A]  // i64.const 0, i32.add
        let unknownLocal: [UInt8] = [0x20, 0x05]  // local.get 5
        let cases: [[Int: [UInt8]]] = [
            [1100: unknownLocal],
            [900: mismatch, 1100: unknownLocal],
            [10: unknownLocal, 1150: mismatch],
            [599: mismatch, 600: unknownLocal, 601: mismatch],
            [1199: mismatch],
            [2399: unknownLocal],
            [1700: mismatch, 40: unknownLocal, 2300: mismatch],
            Dictionary(uniqueKeysWithValues: stride(from: 777, to: 2400, by: 97).map { ($0, $0 % 2 == 0 ? mismatch : unknownLocal) }),
        ]
        for broken in cases {
            let lowest = try #require(broken.keys.min())
            let expected = broken[lowest] == mismatch ? "type mismatch" : "unknown local 5"
            let module = try decodeModule(Self.module(broken: broken))
            do {
                _ = try validateModule(module)
                Issue.record("module with invalid functions \(broken.keys.sorted()) passed")
            } catch let e as ValidationError {
                #expect(e.functionIndex == UInt32(lowest))
                #expect(e.message.hasPrefix(expected))
                #expect(module.bodies[lowest].code.contains(e.offset))
            }
        }
    }

    @Test func splitCoversEveryBodyInOrder() throws {
        let module = try decodeModule(Self.module())
        for parts in [1, 2, 3, 4, 5, 2 * ParallelBodies.chunksPerThread] {
            let ranges = ParallelBodies.split(module.bodies, total: ParallelBodies.codeBytes(module.bodies), parts: parts)
            #expect(ranges.count == parts)
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == module.bodies.count)
            for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound && !b.isEmpty) }
        }
        #expect(ParallelBodies.split(Array(module.bodies.prefix(1)), total: 1, parts: 4) == [0..<1])
        #expect(ParallelBodies.split([], total: 0, parts: 4) == [0..<0])
    }

    /// The fast paths take padded LEB128 numbers up to 5 bytes; longer or out-of-range ones are
    /// left to the decoder, which rejects them as before.
    @Test func paddedNumbersOutOfRangeAreStillRejected() {
        for code: [UInt8] in [
            [0x41, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A],  // i32.const: fifth byte not a sign extension
            [0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A],  // i32.const: 6 bytes
            [0x20, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A],  // local.get: index past 32 bits
        ] {
            var b = WasmBuilder()
            let t = b.type([], [])
            b.function(type: t, code)
            #expect(throws: DecodeError.self) { try validateModule(try decodeModule(b.build())) }
        }
    }
}
