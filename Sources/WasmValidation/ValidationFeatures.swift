/// Which post-2.0 rules the validator applies.
///
/// The default, `.all`, validates WebAssembly 3.0: GC, tail calls, extended constant
/// expressions, multiple memories, memory64 and table64, exception handling, typed function
/// references and relaxed SIMD, plus the wide-arithmetic, threads and custom-page-sizes
/// proposals. The options
/// below switch off the rules that make some 2.0-invalid modules valid, so that the 2.0 test
/// suite can be checked as written.
public struct ValidationFeatures: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32

    /// Creates a feature set from its bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// More than one memory (otherwise "multiple memories"), with LEB128 memory indices in
    /// `memory.size`, `memory.grow`, `memory.fill`, `memory.copy` and `memory.init` (otherwise
    /// each must be a single reserved zero byte: "zero byte expected").
    public static let multiMemory = ValidationFeatures(rawValue: 1 << 0)
    /// Extended constant expressions: `global.get` of any preceding immutable global, and
    /// `i32`/`i64` `add`, `sub` and `mul` (otherwise only imported globals and no arithmetic).
    public static let extendedConst = ValidationFeatures(rawValue: 1 << 1)
    /// The wide-arithmetic proposal: `i64.add128`, `i64.sub128`, `i64.mul_wide_s` and
    /// `i64.mul_wide_u` (otherwise their encodings, 0xFC 19 to 22, are "illegal opcode").
    public static let wideArithmetic = ValidationFeatures(rawValue: 1 << 2)
    /// The threads proposal: shared memories (which must have a maximum) and the atomic
    /// instructions (0xFE: loads, stores, read-modify-writes, `memory.atomic.wait32/64`,
    /// `memory.atomic.notify`, `atomic.fence`; otherwise their encodings are "illegal opcode"
    /// and a shared memory is refused). The interpreter runs them on one thread.
    public static let threads = ValidationFeatures(rawValue: 1 << 3)
    /// The custom-page-sizes proposal: a memory's `(pagesize 1)` (binary: bit 3 of its limits
    /// flags and the page size's log2), otherwise "custom page sizes are not supported". Pages
    /// of one byte let a 32-bit memory have up to 2^32 - 1 of them.
    public static let customPageSizes = ValidationFeatures(rawValue: 1 << 4)
    /// Garbage collection (WebAssembly 3.0): struct and array types, recursion groups and
    /// declared supertypes in the type section, the 0xFB instructions, and the GC instructions
    /// of constant expressions (otherwise such types are refused and the instructions are
    /// "illegal opcode").
    public static let gc = ValidationFeatures(rawValue: 1 << 5)
    /// The custom-descriptors proposal: `describes`/`descriptor` clauses on struct types, exact
    /// heap types `(exact $t)` and exact function imports, `struct.new_desc`,
    /// `struct.new_default_desc`, `ref.get_desc`, `ref.cast_desc_eq`, `br_on_cast_desc_eq(_fail)`,
    /// and its relaxed rule for `br_on_cast`/`br_on_cast_fail` (source and target need only share
    /// a top type). Not part of ``all``: that relaxation makes modules valid that WebAssembly 3.0
    /// rejects. Needs ``gc``.
    public static let customDescriptors = ValidationFeatures(rawValue: 1 << 6)

    /// WebAssembly 3.0 with GC, wide arithmetic, threads and custom page sizes: everything this
    /// validator supports except ``customDescriptors``, which changes a 3.0 rule.
    public static let all: ValidationFeatures = [.multiMemory, .extendedConst, .wideArithmetic, .threads,
                                                 .customPageSizes, .gc]
    /// The WebAssembly 2.0 form of the rules above (one memory, reserved zero bytes, 2.0
    /// constant expressions, no wide arithmetic). It does not reject the instructions and types
    /// 3.0 added: those are not valid 2.0 binaries in the first place.
    public static let wasm2: ValidationFeatures = []
}
