import Testing
@testable import WasmText

/// Hostile input never crashes the parser: truncated and mutated texts only produce errors.
@Suite struct RobustnessTests {
    static let sample = """
        (module $m
          (type $t (func (param i32) (result i32)))
          (import "env" "f" (func $imp (type $t)))
          (memory $mem (export "memory") 1 2)
          (table $tab 2 funcref)
          (global $g (mut i64) (i64.const -1))
          (tag $e (param i32))
          (elem (table $tab) (i32.const 0) func $imp $f)
          (data (memory $mem) (i32.const 8) "hello\\00\\ff")
          (func $f (export "f") (param $x i32) (result i32) (local $y f64)
            (block $out (result i32)
              (loop $top
                (br_if $top (i32.eqz (local.get $x)))
                (try_table (catch $e $out) (throw $e (local.get $x))))
              (call_indirect $tab (type $t) (local.get $x) (i32.const 1))
              (v128.const i32x4 1 2 3 4) drop
              (f64.const 0x1.8p3) (local.set $y)
              i32.const 7
              i32.load offset=4 align=4
              (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3)))
              i32.add)))
        """

    @Test func sampleParses() throws {
        #expect(try parseWAT(Self.sample).count > 100)
    }

    @Test func truncations() {
        let bytes = Array(Self.sample.utf8)
        for length in 0..<bytes.count {
            _ = try? parseWAT(bytes: Array(bytes[0..<length]))
        }
    }

    @Test func mutations() {
        var bytes = Array(Self.sample.utf8)
        let alphabet = Array("()$\";x0-.@\\ \n\u{7f}".utf8) + [0xC3, 0xFF]
        var state: UInt64 = 12345
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for _ in 0..<3000 {
            var copy = bytes
            for _ in 0..<(1 + next() % 4) {
                let at = next() % copy.count
                switch next() % 3 {
                case 0: copy[at] = alphabet[next() % alphabet.count]
                case 1: copy.remove(at: at)
                default: copy.insert(alphabet[next() % alphabet.count], at: at)
                }
            }
            _ = try? parseWAT(bytes: copy)
            _ = try? WastScript.parse(bytes: copy)
        }
        bytes.removeAll()
    }
}
