import Testing
import WasmBinary
import WasmText
import WasmValidation
@testable import WasmInterpreter

/// Legacy exception handling (`try`, `catch`, `catch_all`, `delegate`, `rethrow`): run on the
/// `try_table` handlers, with the caught exception kept below a catch section's payload.
@Suite struct LegacyExceptionTests {
    static let text = """
        (module
          (tag $e (param i32))
          (tag $f)
          (tag $pair (param i32 i64))
          (func $thrower (param i32) (throw $e (local.get 0)))
          (func (export "payload") (param i32) (result i32)
            (try (result i32)
              (do (call $thrower (local.get 0)) (i32.const -1))
              (catch $f (i32.const -2))
              (catch $e (i32.const 1) (i32.add))))
          (func (export "catch_all") (result i32)
            (try (result i32)
              (do (throw $f) (i32.const 0))
              (catch $e)
              (catch_all (i32.const 9))))
          (func (export "two_results") (result i32 i64)
            (try (result i32 i64)
              (do (throw $pair (i32.const 1) (i64.const 2)))
              (catch $pair)))
          (func (export "branch_out") (result i32)
            (block $b (result i32)
              (try (do (throw $e (i32.const 4))) (catch $e (br $b)))
              (i32.const 0)))
          (func (export "rethrow_nested") (result i32)
            (try (result i32)
              (do
                (try (result i32)
                  (do (throw $e (i32.const 7)))
                  (catch $e
                    ;; Values over the payload: the caught exception stays below them.
                    (i32.const 100) (i32.const 200) (drop) (drop) (drop)
                    (try (result i32)
                      (do (throw $f))
                      (catch $f (rethrow 1))))))
              (catch $e)))
          (func (export "rethrow_uncaught")
            (try (do (throw $e (i32.const 1))) (catch_all (rethrow 0))))
          (func (export "delegate_outer") (result i32)
            (try $outer (result i32)
              (do
                (try (result i32)
                  (do
                    (try (result i32)
                      (do (throw $e (i32.const 3)))
                      (delegate $outer)))
                  (catch $e (drop) (i32.const 100))))
              (catch $e (i32.const 10) (i32.add))))
          (func $delegate_to_caller
            (try
              (do (try (do (throw $e (i32.const 5))) (delegate 1)))
              (catch_all)))
          (func (export "delegate_caller") (result i32)
            (try (result i32)
              (do (call $delegate_to_caller) (i32.const 0))
              (catch $e))))
        """

    struct Fixture {
        let store = Store()
        let instance: Instance

        init() throws {
            let module = try validateModule(try decodeModule(try parseWAT(LegacyExceptionTests.text)))
            instance = try store.instantiate(module, imports: { _, _ in nil })
        }

        func call(_ name: String, _ arguments: [Value] = []) throws -> [Value] {
            let function = try #require(instance.exportedFunction(name))
            return try store.invoke(function, arguments)
        }
    }

    @Test func catchReceivesThePayloadAcrossACall() throws {
        let f = try Fixture()
        #expect(try f.call("payload", [.i32(41)]) == [.i32(42)])
        #expect(try f.call("two_results") == [.i32(1), .i64(2)])
        #expect(try f.call("branch_out") == [.i32(4)])
    }

    @Test func catchAllCatchesWhatNoCatchNames() throws {
        let f = try Fixture()
        #expect(try f.call("catch_all") == [.i32(9)])
    }

    @Test func rethrowThrowsTheExceptionItsCatchCaught() throws {
        let f = try Fixture()
        #expect(try f.call("rethrow_nested") == [.i32(7)])
        #expect(throws: TrapCode.uncaughtException) { _ = try f.call("rethrow_uncaught") }
    }

    @Test func delegateSkipsTheTriesBetween() throws {
        let f = try Fixture()
        #expect(try f.call("delegate_outer") == [.i32(13)])
        // Delegating to the function's frame skips its catch_all: the caller catches.
        #expect(try f.call("delegate_caller") == [.i32(5)])
    }

    @Test func rethrowMustNameACatch() throws {
        let bytes = try parseWAT("(module (func (try (do) (catch_all (block (rethrow 0))))))")
        #expect {
            _ = try validateModule(try decodeModule(bytes))
        } throws: { error in
            (error as? ValidationError)?.message.hasPrefix("invalid rethrow label") == true
        }
    }
}
