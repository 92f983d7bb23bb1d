import ComponentBinary

/// How a function's parameters (or its result) pass between component values and core values:
/// worked out once per function, when it is lifted or lowered, instead of on every call.
///
/// Values that flatten to at most `maxFlat` core values pass as those values; more pass through
/// linear memory as a tuple, laid out at ``offsets`` in a block of ``size`` bytes aligned to
/// ``alignment``.
struct FlatPlan {
    /// The component-level types, in order.
    let types: [ResolvedValueType]
    /// Whether the values pass as flat core values (else through memory).
    let isFlat: Bool
    /// How many core values they flatten to when ``isFlat``.
    let flatCount: Int
    /// The tuple's size and alignment in memory, and each value's offset in it.
    let size: Int
    let alignment: Int
    let offsets: [Int]

    init(_ types: [ResolvedValueType], maxFlat: Int) {
        self.types = types
        isFlat = Layout.fitsFlat(types, maxFlat: maxFlat)
        var count = 0
        if isFlat { for t in types { count &+= Layout.flatCount(t, limit: maxFlat &+ 1) } }
        flatCount = count
        let layout = Layout.sizeAndAlignment(.tuple(types))
        size = layout.size
        alignment = layout.alignment
        offsets = Layout.fieldOffsets(types)
    }
}
