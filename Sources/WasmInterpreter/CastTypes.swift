/// A store's types' supertype chains and kinds as plain buffers (`CastTypes.view`), for the
/// threaded casts (`castObject`, `castAbstract`, RunLoop.swift), which reach them from the loop
/// state (`LoopState.castTypes`) without the store. Type `id`'s chain is its supertypes from the
/// root down to itself, so `a` is a subtype of `b` when `b`'s depth is at most `a`'s and `a`'s
/// chain holds `b` at that depth (as `TypeRegistry.isSubtype` answers).
struct CastTypeView {
    /// Per type id: where its chain starts in `chains` (low 32 bits) | its depth << 32 (30
    /// bits) | its kind << 62 (`CastTypeView.structKind`, `arrayKind`; 0 for a function type).
    var entries: UnsafeMutablePointer<UInt64>
    var count: Int
    var chains: UnsafeMutablePointer<Int32>
    var chainCount: Int

    static let structKind: UInt64 = 1, arrayKind: UInt64 = 2
    /// An entry's depth (`entries`).
    @inline(__always) static func depth(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: (entry >> 32) & 0x3FFF_FFFF) }
}

/// The buffers behind a `CastTypeView`: the store appends the types the registry gained
/// (`sync`) after every instantiation, outside the handlers; types not copied yet (a host
/// function's type registered since) make the handlers hand the cast to the switch.
final class CastTypes {
    private var entries = HeapTable<UInt64>()
    private var chains = HeapTable<Int32>()
    /// The table's buffers and counts, for the handlers; lives as long as the table.
    let view = UnsafeMutablePointer<CastTypeView>.allocate(capacity: 1)

    init() {
        view.initialize(to: CastTypeView(entries: entries.base, count: 0, chains: chains.base, chainCount: 0))
    }

    deinit {
        entries.deallocate()
        chains.deallocate()
        view.deallocate()
    }

    /// Copies the chains of the types `registry` has beyond those already here. Stops at a
    /// type whose chain position or ids do not fit in 32 bits (such types then take the switch).
    func sync(_ registry: TypeRegistry) {
        let shapes = registry.shapes, all = registry.chains
        while entries.count < shapes.count {
            let shape = shapes[entries.count]
            let start = chains.count
            guard start <= Int(Int32.max), shape.depth >= 0, shape.depth < 1 << 30,
                  shape.chainStart >= 0, shape.chainStart + shape.depth < all.count else { break }
            for k in 0 ... shape.depth {
                let id = all[shape.chainStart + k]
                guard id >= 0, id <= Int(Int32.max) else { return refresh() }
                chains.append(Int32(truncatingIfNeeded: id))
            }
            let kind = shape.kind == .struct ? CastTypeView.structKind : shape.kind == .array ? CastTypeView.arrayKind : 0
            entries.append(UInt64(truncatingIfNeeded: start) | UInt64(truncatingIfNeeded: shape.depth) << 32 | kind << 62)
        }
        refresh()
    }

    private func refresh() {
        view.pointee = CastTypeView(entries: entries.base, count: entries.count, chains: chains.base,
                                    chainCount: chains.count)
    }
}

/// Whether the reference `bits` passes a cast to the concrete struct or array type `target`
/// (`exact`: that type only; `nullable`: null passes too), for the threaded `castObject`, as
/// `Execution.executeGC` answers: null passes when `nullable`; anything but an object (an i31,
/// a host's reference) fails; an object passes when its type is `target` or (not `exact`) a
/// subtype of it. nil when a type is not in `types` yet, which the switch's general cast
/// answers.
@inline(__always)
func objectCastMatches(
    _ bits: UInt64, _ target: Int, exact: Bool, nullable: Bool, _ objects: UnsafeMutablePointer<GCObjectView>,
    _ types: UnsafeMutablePointer<CastTypeView>
) -> Bool? {
    if bits == 0 { return nullable }
    guard let actual = objects.pointee.object(bits)?.typeID else { return false }
    if actual == target { return true }
    if exact { return false }
    let t = types.pointee
    guard actual >= 0, actual < t.count, target >= 0, target < t.count else { return nil }
    let a = t.entries[actual], b = t.entries[target]
    let depth = CastTypeView.depth(b)
    guard depth <= CastTypeView.depth(a) else { return false }
    let at = Int(truncatingIfNeeded: a & 0xFFFF_FFFF) &+ depth
    return at < t.chainCount && Int(t.chains[at]) == target
}

/// Whether the reference `bits` (of the any hierarchy) passes a cast to the abstract heap type
/// `target` (`GCHeapTypeCode.abstractTypes`' index: any, eq, i31, struct or array), as
/// `Store.referenceMatches` answers; nil for another target or an object whose type is not in
/// `types` yet.
@inline(__always)
func abstractCastMatches(
    _ bits: UInt64, _ target: Int, nullable: Bool, _ objects: UnsafeMutablePointer<GCObjectView>,
    _ types: UnsafeMutablePointer<CastTypeView>
) -> Bool? {
    if bits == 0 { return nullable }
    switch target {
    case AbstractCastTarget.any: return true
    case AbstractCastTarget.eq: return GCRef.isI31(bits) || GCRef.isObject(bits)
    case AbstractCastTarget.i31: return GCRef.isI31(bits)
    case AbstractCastTarget.struct, AbstractCastTarget.array:
        guard let id = objects.pointee.object(bits)?.typeID else { return false }
        let t = types.pointee
        guard id >= 0, id < t.count else { return nil }
        let kind = t.entries[id] >> 62
        return kind == (target == AbstractCastTarget.struct ? CastTypeView.structKind : CastTypeView.arrayKind)
    default: return nil
    }
}

/// The abstract targets `castAbstract` answers, as `GCHeapTypeCode.abstractTypes` numbers them.
enum AbstractCastTarget {
    static let any = 3, eq = 4, i31 = 5, `struct` = 6, array = 7
}
