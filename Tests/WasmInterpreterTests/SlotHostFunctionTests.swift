import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// A host function in slot form reads its arguments from the caller's frame and writes its
/// results there; called with values (by the embedder) it runs the same body over slots of its
/// own; when it suspends, the results come with the resumption.
@Suite struct SlotHostFunctionTests {
    /// `mix(a: i32, b: i64, c: f32, d: f64) -> (i64, i32)`: (b + a, bits of c xor low bits of d).
    static let mixType = FunctionType(parameters: [.i32, .i64, .f32, .f64], results: [.i64, .i32])

    static func mix(_ context: HostContext, _ slots: UnsafeMutablePointer<UInt64>) throws(TrapCode) -> Bool {
        let a = UInt32(truncatingIfNeeded: slots[0]), b = slots[1]
        let c = UInt32(truncatingIfNeeded: slots[2]), d = slots[3]
        slots[0] = b &+ UInt64(a)
        slots[1] = UInt64(c ^ UInt32(truncatingIfNeeded: d))
        return false
    }

    static let guest = """
    (module
      (import "host" "mix" (func $mix (param i32 i64 f32 f64) (result i64 i32)))
      (func (export "call") (param i32 i64 f32 f64) (result i32 i64 i32)
        ;; A value below the arguments: the call must leave it as it is.
        i32.const 99
        local.get 0 local.get 1 local.get 2 local.get 3
        call $mix))
    """

    static func instantiate(_ store: Store, _ host: FunctionAddress) throws -> Instance {
        let module = try validateModule(try decodeModule(try parseWAT(guest)))
        return try store.instantiate(module, imports: { module, name in
            module == "host" && name == "mix" ? .function(host) : nil
        })
    }

    static let arguments: [Value] = [.i32(0xFFFF_FFFF), .i64(1 << 33), .f32(Float(1.5).bitPattern), .f64(Double(2.25).bitPattern)]
    static var expected: [Value] {
        [.i64((1 << 33) + 0xFFFF_FFFF), .i32(Float(1.5).bitPattern ^ UInt32(truncatingIfNeeded: Double(2.25).bitPattern))]
    }

    @Test func aGuestCallReadsAndWritesTheFrame() throws {
        let store = Store()
        let host = store.addHostFunction(type: Self.mixType, name: "mix", slots: { (context, slots) throws(TrapCode) -> Bool in try Self.mix(context, slots) })
        let instance = try Self.instantiate(store, host)
        let call = try #require(instance.exportedFunction("call"))
        #expect(try store.invoke(call, Self.arguments) == [.i32(99)] + Self.expected)
    }

    @Test func aCallWithValuesRunsTheSameBody() throws {
        let store = Store()
        let host = store.addHostFunction(type: Self.mixType, name: "mix", slots: { (context, slots) throws(TrapCode) -> Bool in try Self.mix(context, slots) })
        #expect(try store.invoke(host, Self.arguments) == Self.expected)
    }

    @Test func aSuspendedCallGetsItsResultsFromTheResumption() throws {
        let store = Store()
        let seen = SeenArgument()
        let host = store.addHostFunction(type: Self.mixType, name: "mix") { _, slots in
            seen.value = slots[1]
            return true
        }
        let instance = try Self.instantiate(store, host)
        let call = try #require(instance.exportedFunction("call"))
        guard case .suspended(let execution) = try store.start(call, Self.arguments) else {
            Issue.record("the call did not suspend")
            return
        }
        #expect(seen.value == 1 << 33)
        guard case .finished(let values) = try execution.resume(with: [.i64(5), .i32(6)]) else {
            Issue.record("the call did not finish")
            return
        }
        #expect(values == [.i32(99), .i64(5), .i32(6)])
    }

    @Test func aTrapInTheBodyEndsTheCall() throws {
        let store = Store()
        let host = store.addHostFunction(type: Self.mixType, name: "mix") { _, _ throws(TrapCode) -> Bool in
            throw TrapCode.hostTrap("no")
        }
        let instance = try Self.instantiate(store, host)
        let call = try #require(instance.exportedFunction("call"))
        #expect(throws: TrapCode.hostTrap("no")) { _ = try store.invoke(call, Self.arguments) }
    }

    final class SeenArgument: @unchecked Sendable {
        var value: UInt64 = 0
    }
}
