/// A store's types' supertype chains as plain buffers (`CastTypes.view`), for the threaded casts
/// of objects to a concrete type (`castObject`, RunLoop.swift), which reach them from the loop
/// state (`LoopState.castTypes`) without the store. Type `id`'s chain is its supertypes from the
/// root down to itself, so `a` is a subtype of `b` when `b`'s depth is at most `a`'s and `a`'s
/// chain holds `b` at that depth (as `TypeRegistry.isSubtype` answers).
struct CastTypeView {
    /// Per type id: where its chain starts in `chains` (low 32 bits) | its depth << 32.
    var entries: UnsafeMutablePointer<UInt64>
    var count: Int
    var chains: UnsafeMutablePointer<Int32>
    var chainCount: Int
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
            guard start <= Int(Int32.max), shape.depth >= 0, shape.depth <= Int(Int32.max),
                  shape.chainStart >= 0, shape.chainStart + shape.depth < all.count else { break }
            for k in 0 ... shape.depth {
                let id = all[shape.chainStart + k]
                guard id >= 0, id <= Int(Int32.max) else { return refresh() }
                chains.append(Int32(truncatingIfNeeded: id))
            }
            entries.append(UInt64(truncatingIfNeeded: start) | UInt64(truncatingIfNeeded: shape.depth) << 32)
        }
        refresh()
    }

    private func refresh() {
        view.pointee = CastTypeView(entries: entries.base, count: entries.count, chains: chains.base,
                                    chainCount: chains.count)
    }
}

/// Whether the object the reference `bits` names is of type `target` (`exact`) or a subtype of
/// it, for the threaded `castObject`; nil when `bits` is not an object (null, an i31, a host's
/// reference) or a type is not in `types` yet, which the switch's general cast answers.
@inline(__always)
func objectCastMatches(
    _ bits: UInt64, _ target: Int, exact: Bool, _ objects: UnsafeMutablePointer<GCObjectView>,
    _ types: UnsafeMutablePointer<CastTypeView>
) -> Bool? {
    let index = GCRef.objectIndex(bits)
    guard GCRef.isObject(bits), index < objects.pointee.count else { return nil }
    let actual = objects.pointee.objects[index].typeID
    if actual == target { return true }
    if exact { return false }
    let t = types.pointee
    guard actual >= 0, actual < t.count, target >= 0, target < t.count else { return nil }
    let a = t.entries[actual], b = t.entries[target]
    let depth = Int(truncatingIfNeeded: b >> 32)
    guard depth <= Int(truncatingIfNeeded: a >> 32) else { return false }
    let at = Int(truncatingIfNeeded: a & 0xFFFF_FFFF) &+ depth
    return at < t.chainCount && Int(t.chains[at]) == target
}
