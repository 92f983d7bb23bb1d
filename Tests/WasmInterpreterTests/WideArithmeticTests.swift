import Testing
@testable import WasmInterpreter

/// The wide-arithmetic instructions: their 128-bit arithmetic, and the threaded code running it
/// with operands in locals, on the stack and as constants.
@Suite struct WideArithmeticTests {
    let max = UInt64.max, signBit: UInt64 = 1 << 63

    @Test func addCarriesIntoTheHighHalf() {
        #expect(Numerics.i64_add128(1, 2, 3, 4) == (4, 6))
        #expect(Numerics.i64_add128(max, 0, 1, 0) == (0, 1))
        #expect(Numerics.i64_add128(max, max, 1, 0) == (0, 0))        // wraps at 2^128
        #expect(Numerics.i64_add128(max, signBit - 1, 1, 0) == (0, signBit))
        #expect(Numerics.i64_add128(max, max, max, max) == (max - 1, max))
        #expect(Numerics.i64_add128(0, max, 0, 1) == (0, 0))          // no carry out of the low half
    }

    @Test func subBorrowsFromTheHighHalf() {
        #expect(Numerics.i64_sub128(5, 7, 3, 2) == (2, 5))
        #expect(Numerics.i64_sub128(0, 0, 1, 0) == (max, max))        // wraps at 2^128
        #expect(Numerics.i64_sub128(0, signBit, 1, 0) == (max, signBit - 1))
        #expect(Numerics.i64_sub128(0, 1, 1, 0) == (max, 0))
        #expect(Numerics.i64_sub128(max, max, max, max) == (0, 0))
        #expect(Numerics.i64_sub128(1, 0, max, max) == (2, 0))        // 1 - (-1)
    }

    @Test func signedProductsOfExtremes() {
        let minimum = signBit, maximum = signBit - 1
        #expect(Numerics.i64_mul_wide_s(minimum, minimum) == (0, 1 << 62))
        #expect(Numerics.i64_mul_wide_s(minimum, max) == (signBit, 0))       // -2^63 * -1 = 2^63
        #expect(Numerics.i64_mul_wide_s(max, max) == (1, 0))
        #expect(Numerics.i64_mul_wide_s(max, 1) == (max, max))
        #expect(Numerics.i64_mul_wide_s(maximum, minimum) == (signBit, 0xC000_0000_0000_0000))
        #expect(Numerics.i64_mul_wide_s(maximum, maximum) == (1, 0x3FFF_FFFF_FFFF_FFFF))
        #expect(Numerics.i64_mul_wide_s(0, minimum) == (0, 0))
    }

    @Test func unsignedProductsOfExtremes() {
        #expect(Numerics.i64_mul_wide_u(max, max) == (1, max - 1))
        #expect(Numerics.i64_mul_wide_u(signBit, signBit) == (0, 1 << 62))
        #expect(Numerics.i64_mul_wide_u(max, 1) == (max, 0))
        #expect(Numerics.i64_mul_wide_u(max, 0) == (0, 0))
        #expect(Numerics.i64_mul_wide_u(0x1234_5678_9ABC_DEF0, 0xFEDC_BA98_7654_3210)
                == (0x236D_88FE_5618_CF00, 0x121F_A00A_D77D_7422))
    }

    static let wat = """
        (module
          (func (export "add128") (param i64 i64 i64 i64) (result i64 i64)
            local.get 0 local.get 1 local.get 2 local.get 3 i64.add128)
          (func (export "sub128") (param i64 i64 i64 i64) (result i64 i64)
            local.get 0 local.get 1 local.get 2 local.get 3 i64.sub128)
          (func (export "mul_wide_s") (param i64 i64) (result i64 i64)
            local.get 0 local.get 1 i64.mul_wide_s)
          (func (export "mul_wide_u") (param i64 i64) (result i64 i64)
            local.get 0 local.get 1 i64.mul_wide_u)
          ;; operands computed on the stack, results overwriting them, then consumed
          (func (export "stacked") (param i64 i64) (result i64)
            (i64.sub
              (i64.mul_wide_u (i64.add (local.get 0) (i64.const 0)) (i64.add (local.get 1) (i64.const 0)))))
          ;; constant operands, results kept in locals
          (func (export "constants") (result i64 i64) (local i64 i64)
            (i64.add128 (i64.const -1) (i64.const -1) (i64.const 1) (i64.const 0))
            local.set 1 local.set 0
            (i64.sub128 (local.get 0) (local.get 1) (i64.const 1) (i64.const 0)))
          ;; a 256-bit-free 128 x 64 product: (hi:lo) * m = lo*m + (hi*m << 64)
          (func (export "mul128x64") (param $lo i64) (param $hi i64) (param $m i64) (result i64 i64)
            (local $plo i64) (local $phi i64)
            (i64.mul_wide_u (local.get $lo) (local.get $m))
            local.set $phi local.set $plo
            (i64.add128 (local.get $plo) (local.get $phi)
                        (i64.const 0) (i64.mul (local.get $hi) (local.get $m))))
        )
        """

    func run(_ name: String, _ args: [UInt64]) throws -> [UInt64] {
        try TestModules.call(wat: Self.wat, name, args.map { .i64($0) }).map { value in
            guard case .i64(let bits) = value else { return 0xDEAD }
            return bits
        }
    }

    /// Results `wasmtime run -W wide-arithmetic=y --invoke` gave for the same functions (its
    /// signed decimal output written here as bits).
    @Test func agreesWithWasmtime() throws {
        func s(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }
        #expect(try run("add128", [s(-1), s(-1), 1, 0]) == [0, 0])
        #expect(try run("add128", [s(-1), s(Int64.max), 1, 0]) == [0, s(Int64.min)])
        #expect(try run("add128", [1, 2, 3, 4]) == [4, 6])
        #expect(try run("sub128", [0, 0, 1, 0]) == [s(-1), s(-1)])
        #expect(try run("sub128", [0, s(Int64.min), 1, 0]) == [s(-1), s(Int64.max)])
        #expect(try run("sub128", [5, 7, 3, 2]) == [2, 5])
        #expect(try run("mul_wide_s", [s(Int64.min), s(Int64.min)]) == [0, 4_611_686_018_427_387_904])
        #expect(try run("mul_wide_s", [s(Int64.min), s(-1)]) == [s(Int64.min), 0])
        #expect(try run("mul_wide_s", [s(-1), s(-1)]) == [1, 0])
        #expect(try run("mul_wide_s", [s(-1), 1]) == [s(-1), s(-1)])
        #expect(try run("mul_wide_s", [s(Int64.max), s(Int64.min)]) == [s(Int64.min), s(-4_611_686_018_427_387_904)])
        #expect(try run("mul_wide_u", [s(-1), s(-1)]) == [1, s(-2)])
        #expect(try run("mul_wide_u", [s(Int64.min), s(Int64.min)]) == [0, 4_611_686_018_427_387_904])
        #expect(try run("mul_wide_u", [1_311_768_467_463_790_320, s(-81_985_529_216_486_896)])
                == [2_552_847_189_736_476_416, 1_305_938_385_386_173_474])
    }

    @Test func operandsOnTheStackAndAsConstants() throws {
        // max * max = (1, max - 1); low - high = 1 - (max - 1) = 3 (mod 2^64)
        #expect(try run("stacked", [max, max]) == [3])
        // (-1 + 1) = 0 with carry: (0, 0); then 0 - 1 = (max, max)
        #expect(try run("constants", []) == [max, max])
        // (2^64 + 3) * 5 = 5 * 2^64 + 15
        #expect(try run("mul128x64", [3, 1, 5]) == [15, 5])
        // (max:max) * 2 = -2 (mod 2^128)
        #expect(try run("mul128x64", [max, max, 2]) == [max - 1, max])
    }
}
