import ComponentBinary
import Testing
import WasmBinary

/// The canonical ABI's `flatten_functype` and `flatten_type`.
struct FlatteningTests {
    typealias R = ResolvedValueType
    static let u32 = R.primitive(.u32)
    static let string = R.primitive(.string)

    static func function(_ params: [R], _ result: R?) -> ResolvedFunctionType {
        ResolvedFunctionType(parameters: params.enumerated().map { ResolvedField(label: "p\($0.offset)", type: $0.element) }, result: result)
    }

    @Test func scalars() {
        #expect(CanonicalFlattening.flatten(.primitive(.bool)) == [.i32])
        #expect(CanonicalFlattening.flatten(.primitive(.u64)) == [.i64])
        #expect(CanonicalFlattening.flatten(.primitive(.s64)) == [.i64])
        #expect(CanonicalFlattening.flatten(.primitive(.f32)) == [.f32])
        #expect(CanonicalFlattening.flatten(.primitive(.f64)) == [.f64])
        #expect(CanonicalFlattening.flatten(.primitive(.char)) == [.i32])
        #expect(CanonicalFlattening.flatten(Self.string) == [.i32, .i32])
        #expect(CanonicalFlattening.flatten(.list(Self.u32)) == [.i32, .i32])
        #expect(CanonicalFlattening.flatten(.own(ResourceID(1))) == [.i32])
        #expect(CanonicalFlattening.flatten(.borrow(ResourceID(1))) == [.i32])
        #expect(CanonicalFlattening.flatten(.enum(["a", "b"])) == [.i32])
    }

    @Test func aggregates() {
        let rec = R.record([ResolvedField(label: "a", type: Self.u32), ResolvedField(label: "b", type: .primitive(.f64))])
        #expect(CanonicalFlattening.flatten(rec) == [.i32, .f64])
        #expect(CanonicalFlattening.flatten(.tuple([Self.string, Self.u32])) == [.i32, .i32, .i32])
        #expect(CanonicalFlattening.flatten(.fixedList(Self.u32, length: 3)) == [.i32, .i32, .i32])
        #expect(CanonicalFlattening.flatten(.flags(["a"])) == [.i32])
    }

    @Test func variantsJoinTheirPayloads() {
        // option<f32>: discriminant, then f32.
        #expect(CanonicalFlattening.flatten(.option(.primitive(.f32))) == [.i32, .f32])
        // result<u32, f32>: i32 and f32 join to i32.
        #expect(CanonicalFlattening.flatten(.result(ok: Self.u32, error: .primitive(.f32))) == [.i32, .i32])
        // result<f64, u32>: f64 and i32 join to i64.
        #expect(CanonicalFlattening.flatten(.result(ok: .primitive(.f64), error: Self.u32)) == [.i32, .i64])
        // result<string, u64>: [i32 i32] and [i64] → [i64 i32].
        #expect(CanonicalFlattening.flatten(.result(ok: Self.string, error: .primitive(.u64))) == [.i32, .i64, .i32])
        #expect(CanonicalFlattening.flatten(.result(ok: nil, error: nil)) == [.i32])
        let v = R.variant([ResolvedCase(label: "a", type: nil), ResolvedCase(label: "b", type: .primitive(.f32)),
                           ResolvedCase(label: "c", type: .primitive(.f32))])
        #expect(CanonicalFlattening.flatten(v) == [.i32, .f32])
    }

    @Test func liftAndLowerOfSmallSignatures() {
        let f = Self.function([Self.u32, Self.u32], Self.u32)
        #expect(CanonicalFlattening.coreType(of: f, context: .lift) == FunctionType(parameters: [.i32, .i32], results: [.i32]))
        #expect(CanonicalFlattening.coreType(of: f, context: .lower) == FunctionType(parameters: [.i32, .i32], results: [.i32]))
        let none = Self.function([], nil)
        #expect(CanonicalFlattening.coreType(of: none, context: .lift) == FunctionType(parameters: [], results: []))
    }

    @Test func resultsOverOneValueGoThroughMemory() {
        let f = Self.function([Self.string], Self.string)
        // lift: the callee returns a pointer to (ptr, len).
        #expect(CanonicalFlattening.coreType(of: f, context: .lift) == FunctionType(parameters: [.i32, .i32], results: [.i32]))
        // lower: the caller passes a return pointer and gets nothing back.
        #expect(CanonicalFlattening.coreType(of: f, context: .lower) == FunctionType(parameters: [.i32, .i32, .i32], results: []))
    }

    @Test func parametersOverSixteenValuesGoThroughMemory() {
        let sixteen = Self.function(Array(repeating: Self.u32, count: 16), nil)
        #expect(CanonicalFlattening.coreType(of: sixteen, context: .lift).parameters.count == 16)
        let seventeen = Self.function(Array(repeating: Self.u32, count: 17), nil)
        #expect(CanonicalFlattening.coreType(of: seventeen, context: .lift) == FunctionType(parameters: [.i32], results: []))
        let eightStrings = Self.function(Array(repeating: Self.string, count: 8), nil)
        #expect(CanonicalFlattening.coreType(of: eightStrings, context: .lower).parameters.count == 16)
        let nineStrings = Self.function(Array(repeating: Self.string, count: 9), Self.string)
        #expect(CanonicalFlattening.coreType(of: nineStrings, context: .lower) == FunctionType(parameters: [.i32, .i32], results: []))
    }

    @Test func flattenLimitStopsEarly() {
        #expect(CanonicalFlattening.flatten(.tuple([Self.string, Self.string]), limit: 3) == nil)
        #expect(CanonicalFlattening.flatten(.fixedList(Self.u32, length: .max), limit: 16) == nil)
    }

    @Test func needsMemory() {
        #expect(CanonicalFlattening.needsMemory(Self.string))
        #expect(CanonicalFlattening.needsMemory(.option(.list(Self.u32))))
        #expect(!CanonicalFlattening.needsMemory(.result(ok: Self.u32, error: .enum(["x"]))))
    }
}
