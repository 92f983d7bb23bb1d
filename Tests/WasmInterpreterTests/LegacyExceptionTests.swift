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

    @Test func catchReceivesThePayloadAcrossACall() throws {
        let f = try WATInstance(Self.text)
        #expect(try f.call("payload", [.i32(41)]) == [.i32(42)])
        #expect(try f.call("two_results") == [.i32(1), .i64(2)])
        #expect(try f.call("branch_out") == [.i32(4)])
    }

    @Test func catchAllCatchesWhatNoCatchNames() throws {
        let f = try WATInstance(Self.text)
        #expect(try f.call("catch_all") == [.i32(9)])
    }

    @Test func rethrowThrowsTheExceptionItsCatchCaught() throws {
        let f = try WATInstance(Self.text)
        #expect(try f.call("rethrow_nested") == [.i32(7)])
        #expect(throws: TrapCode.uncaughtException) { _ = try f.call("rethrow_uncaught") }
    }

    @Test func delegateSkipsTheTriesBetween() throws {
        let f = try WATInstance(Self.text)
        #expect(try f.call("delegate_outer") == [.i32(13)])
        // Delegating to the function's frame skips its catch_all: the caller catches.
        #expect(try f.call("delegate_caller") == [.i32(5)])
    }

    /// Catch sections whose results move down over the exception's slot (two-slot values
    /// too), branches out of them, and handlers that meet other control: a `try` with
    /// parameters, a loop named by `delegate`, a `try_table` clause naming a `try`'s label.
    static let control = """
        (module
          (tag $e (param i32))
          (tag $f)
          (tag $v (param v128))
          (func (export "v128_second") (result v128)
            (try (result v128)
              (do (throw $f))
              (catch $e (drop) (v128.const i64x2 0 0))
              (catch $f (v128.const i64x2 3 4))))
          (func (export "params") (result i32)
            (i32.const 5)
            (try (param i32) (result i32) (do (throw $e)) (catch $e)))
          (func (export "br_from_nested") (param i32) (result i32 i32)
            (try (result i32 i32)
              (do (throw $e (local.get 0)))
              (catch $e (block (param i32) (result i32 i32) (i32.const 11) (br 1)))))
          (func (export "br_if_from_catch") (param i32) (result i32)
            (try (result i32)
              (do (throw $e (i32.const 40)))
              (catch $e (i32.const 1) (local.get 0) (br_if 0) (drop))))
          (func (export "loop_delegate") (result i32)
            (local i32)
            (try (result i32)
              (do
                (loop $l
                  (try
                    (do (br_if 1 (local.get 0)) (local.set 0 (i32.const 1)) (throw $e (i32.const 6)))
                    (delegate $l)))
                (i32.const 0))
              (catch $e)))
          (func (export "try_table_to_try") (result i32)
            (try $t (result i32)
              (do (block (try_table (catch $e $t) (throw $e (i32.const 3)))) (i32.const 0))
              (catch_all (i32.const 9))))
          (func $caught_inside (try (do (throw $f)) (catch $f)))
          (func (export "rethrow_after_calls") (result i32)
            (try (result i32)
              (do
                (try
                  (do (throw $e (i32.const 21)))
                  (catch $e (drop) (call $caught_inside) (call $caught_inside) (rethrow 0)))
                (i32.const 0))
              (catch $e)))
          (func (export "rethrow_to_try_table") (result i32)
            (block $out (result i32)
              (try
                (do (throw $e (i32.const 12)))
                (catch $e (drop) (try_table (catch $e $out) (rethrow 1))))
              (i32.const 0))))
        """

    @Test func catchSectionsMeetOtherControl() throws {
        let f = try WATInstance(Self.control)
        #expect(try f.call("v128_second") == [.v128(V128(lo: 3, hi: 4))])
        #expect(try f.call("params") == [.i32(5)])
        #expect(try f.call("br_from_nested", [.i32(7)]) == [.i32(7), .i32(11)])
        #expect(try f.call("br_if_from_catch", [.i32(1)]) == [.i32(1)])
        #expect(try f.call("br_if_from_catch", [.i32(0)]) == [.i32(40)])
        #expect(try f.call("loop_delegate") == [.i32(6)])
        #expect(try f.call("try_table_to_try") == [.i32(3)])
        #expect(try f.call("rethrow_after_calls") == [.i32(21)])
        #expect(try f.call("rethrow_to_try_table") == [.i32(12)])
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

/// Exceptions caught by legacy catch sections are released when the section ends normally,
/// unless another section still holds them or a `catch_ref` handed them out.
@Suite struct LegacyExceptionReleaseTests {
    static let text = """
        (module
          (tag $e (param i32))
          (func (export "loop") (param i32) (result i32)
            (local $sum i32)
            (block $done
              (loop $again
                (br_if $done (i32.eqz (local.get 0)))
                (try
                  (do (throw $e (local.get 0)))
                  (catch $e (local.set $sum (i32.add (local.get $sum)))))
                (try
                  (do (throw $e (i32.const 1)))
                  (catch_all))
                (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                (br $again)))
            (local.get $sum))
          (func (export "outer_rethrow_after_inner_ends") (result i32)
            (try (result i32)
              (do
                (try
                  (do (throw $e (i32.const 42)))
                  (catch $e
                    (drop)
                    ;; The inner section catches the same exception and ends normally; the
                    ;; outer one still holds it and rethrows it afterwards.
                    (try (do (rethrow 1)) (catch $e (drop)))
                    (rethrow 0)))
                (i32.const 0))
              (catch $e)))
          (func (export "kept_by_catch_ref") (result i32)
            (local $x exnref)
            (block $h (result i32 exnref)
              (try_table (catch_ref $e $h) (throw $e (i32.const 5)))
              (return (i32.const -1)))
            (local.set $x)
            (drop)
            (try (result i32)
              (do (throw_ref (local.get $x)))
              (catch $e))
            ;; The legacy section ended, but the exnref in $x must still name the exception.
            (block $h2 (result i32)
              (try_table (catch $e $h2) (throw_ref (local.get $x)))
              (i32.const -2))
            (i32.add)))
        """

    @Test func aLoopOfThrowsAndCatchesReusesItsExceptions() throws {
        let wat = try WATInstance(Self.text)
        #expect(try wat.call("loop", [.i32(10_000)]) == [.i32(50_005_000)])
        #expect(wat.store.exceptions.count <= 2)
    }

    @Test func anExceptionStillHeldOrHandedOutIsNotReused() throws {
        let wat = try WATInstance(Self.text)
        #expect(try wat.call("outer_rethrow_after_inner_ends") == [.i32(42)])
        #expect(try wat.call("kept_by_catch_ref") == [.i32(10)])
    }
}
