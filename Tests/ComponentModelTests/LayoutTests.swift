import ComponentBinary
import Testing
@testable import ComponentModel

/// The counting form of flattening agrees with the canonical ABI's `flatten`.
@Test func flatCountsAgreeWithFlattening() {
    let s32 = ResolvedValueType.primitive(.s32)
    let str = ResolvedValueType.primitive(.string)
    let u64 = ResolvedValueType.primitive(.u64)
    let record = ResolvedValueType.record([ResolvedField(label: "a", type: s32), ResolvedField(label: "b", type: str), ResolvedField(label: "c", type: u64)])
    let variant = ResolvedValueType.variant([ResolvedCase(label: "x", type: nil), ResolvedCase(label: "y", type: record), ResolvedCase(label: "z", type: str)])
    let types: [ResolvedValueType] = [
        s32, str, u64, record, variant, .option(record), .result(ok: nil, error: variant), .result(ok: str, error: nil),
        .tuple([variant, variant, .list(s32)]), .flags((0..<70).map { "f\($0)" }), .enum(["a", "b"]),
        .fixedList(record, length: 3), .fixedList(s32, length: 100), .tuple((0..<20).map { _ in str }),
    ]
    for t in types {
        let flat = CanonicalFlattening.flatten(t)?.count ?? Int.max
        #expect(Layout.flatCount(t, limit: 1 << 20) == flat)
        for maxFlat in [1, 4, 16] {
            #expect(Layout.fitsFlat([t], maxFlat: maxFlat) == (flat <= maxFlat))
        }
    }
}

/// A function's plan: flat or through memory, the flat count, and the tuple's layout in memory.
@Test func callPlansLayOutTheValues() {
    let u8 = ResolvedValueType.primitive(.u8)
    let u64 = ResolvedValueType.primitive(.u64)
    let str = ResolvedValueType.primitive(.string)
    let mixed = FlatPlan([u8, u64, str], maxFlat: 16)
    #expect(mixed.isFlat && mixed.flatCount == 4)
    #expect(mixed.offsets == [0, 8, 16] && mixed.size == 24 && mixed.alignment == 8)
    let many = FlatPlan((0..<20).map { _ in str }, maxFlat: 16)
    #expect(!many.isFlat)
    #expect(many.offsets == (0..<20).map { $0 * 8 } && many.size == 160 && many.alignment == 4)
    let result = FlatPlan([.result(ok: str, error: str)], maxFlat: 1)
    #expect(!result.isFlat && result.size == 12 && result.alignment == 4 && result.offsets == [0])
    let none = FlatPlan([], maxFlat: 1)
    #expect(none.isFlat && none.flatCount == 0 && none.size == 0)
}

/// Where a variant's payload starts: after the discriminant, aligned for the most aligned case.
@Test func payloadOffsetsFollowTheDiscriminantAndAlignment() {
    let u8 = ResolvedValueType.primitive(.u8)
    let u64 = ResolvedValueType.primitive(.u64)
    let str = ResolvedValueType.primitive(.string)
    #expect(Layout.payloadOffset(of: .option(u8)) == 1)
    #expect(Layout.payloadOffset(of: .option(u64)) == 8)
    #expect(Layout.payloadOffset(of: .result(ok: str, error: u8)) == 4)
    #expect(Layout.payloadOffset(of: .result(ok: nil, error: nil)) == 1)
    // 257 cases need a 2-byte discriminant.
    let wide = ResolvedValueType.variant((0..<257).map { ResolvedCase(label: "c\($0)", type: $0 == 5 ? u8 : nil) })
    #expect(Layout.caseCount(wide) == 257 && Layout.payloadOffset(of: wide) == 2)
    #expect(Layout.payload(wide, 5) == u8 && Layout.payload(wide, 6) == nil && Layout.payload(wide, 300) == nil)
    #expect(Layout.payload(.result(ok: str, error: nil), 0) == str && Layout.payload(.option(u8), 0) == nil)
}
