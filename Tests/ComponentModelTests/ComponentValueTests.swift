import ComponentModel
import Testing

@Test func valueEqualityTreatsBytesAsAListOfU8() {
    #expect(ComponentValue.bytes([1, 2]) == .list([.u8(1), .u8(2)]))
    #expect(ComponentValue.flags(["a", "b"]) == .flags(["b", "a"]))
    #expect(ComponentValue.f32(.nan) == .f32(-.nan))
    #expect(ComponentValue.record([("x", .u32(1))]) != .record([("y", .u32(1))]))
}
