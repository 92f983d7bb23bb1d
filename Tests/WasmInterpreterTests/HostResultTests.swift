import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// What a host function answers is checked before it reaches the guest: each result of its
/// declared type (numbers and references alike), as many as declared; anything else traps
/// with the function's name.
@Suite struct HostResultTests {
    /// Calls host function `host.f` of type `type` (no parameters) through a guest export
    /// `call` and returns what the guest got.
    static func callThroughGuest(_ type: FunctionType, _ wat: String, _ body: @escaping HostFunctionBody) throws -> [Value] {
        let store = Store()
        let host = store.addHostFunction(type: type, name: "f", body: body)
        let module = try validateModule(try decodeModule(try parseWAT(wat)))
        let instance = try store.instantiate(module, imports: { module, name in
            module == "host" && name == "f" ? .function(host) : nil
        })
        let call = try #require(instance.exportedFunction("call"))
        return try store.invoke(call, [])
    }

    static let numbers = """
    (module
      (import "host" "f" (func $f (result i32 i64 f32 f64)))
      (func (export "call") (result i32 i64 f32 f64) call $f))
    """
    static let numbersType = FunctionType(parameters: [], results: [.i32, .i64, .f32, .f64])

    @Test func numberResultsReachTheGuestAsTheyAre() throws {
        let got = try Self.callThroughGuest(Self.numbersType, Self.numbers) { _, args in
            #expect(args.isEmpty)
            return .values([.i32(7), .i64(1 << 40), .f32(Float(2.5).bitPattern), .f64(Double(-0.0).bitPattern)])
        }
        #expect(got == [.i32(7), .i64(1 << 40), .f32(Float(2.5).bitPattern), .f64(Double(-0.0).bitPattern)])
    }

    @Test func aResultOfAnotherTypeTraps() throws {
        #expect(throws: TrapCode.hostTrap("host function f returned a wrong result type")) {
            // An i32 where an i64 is declared.
            _ = try Self.callThroughGuest(Self.numbersType, Self.numbers) { _, _ in
                .values([.i32(7), .i32(8), .f32(0), .f64(0)])
            }
        }
    }

    @Test func tooFewResultsTrap() throws {
        #expect(throws: TrapCode.hostTrap("host function f returned 1 results, expected 4")) {
            _ = try Self.callThroughGuest(Self.numbersType, Self.numbers) { _, _ in .values([.i32(7)]) }
        }
    }

    @Test func referenceResultsAreCheckedAsBefore() throws {
        let wat = """
        (module
          (import "host" "f" (func $f (result externref funcref)))
          (func (export "call") (result i32)
            call $f
            ref.is_null
            drop
            ref.is_null))
        """
        let type = FunctionType(parameters: [], results: [.externref, .funcref])
        let got = try Self.callThroughGuest(type, wat) { _, _ in .values([.externref(nil), .funcref(nil)]) }
        #expect(got == [.i32(1)])
        #expect(throws: TrapCode.hostTrap("host function f returned a wrong result type")) {
            _ = try Self.callThroughGuest(type, wat) { _, _ in .values([.i64(0), .funcref(nil)]) }
        }
    }

    /// Results given when a suspended call resumes are checked the same way, with the name.
    @Test func resumedResultsAreChecked() throws {
        func suspended() throws -> Execution {
            let store = Store()
            let host = store.addHostFunction(type: Self.numbersType, name: "wait") { _, _ in .suspend }
            let module = try validateModule(try decodeModule(try parseWAT(Self.numbers.replacingOccurrences(of: "\"f\"", with: "\"wait\""))))
            let instance = try store.instantiate(module, imports: { module, name in
                module == "host" && name == "wait" ? .function(host) : nil
            })
            let call = try #require(instance.exportedFunction("call"))
            guard case .suspended(let execution) = try store.start(call, []) else {
                Issue.record("the call did not suspend")
                throw TrapCode.hostTrap("not suspended")
            }
            return execution
        }
        #expect(throws: TrapCode.hostTrap("host function wait returned 1 results, expected 4")) {
            _ = try suspended().resume(with: [.i32(1)])
        }
        #expect(throws: TrapCode.hostTrap("host function wait returned a wrong result type")) {
            _ = try suspended().resume(with: [.i32(1), .i32(2), .f32(0), .f64(0)])
        }
        let values: [Value] = [.i32(1), .i64(2), .f32(Float(3).bitPattern), .f64(Double(4).bitPattern)]
        guard case .finished(let got) = try suspended().resume(with: values) else {
            Issue.record("the resumed call did not finish")
            return
        }
        #expect(got == values)
    }
}
