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
