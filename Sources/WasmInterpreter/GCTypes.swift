import WasmBinary

/// How a struct field or array element is kept in an object's slots.
struct FieldLayout: Sendable {
    /// What the field stores (packed `i8`/`i16` fields keep their low bits in one slot).
    let storage: StorageType
    /// The first slot of the field in a struct (0 for an array element).
    let offset: Int
    /// Slots the field takes: 2 for v128, else 1.
    let size: Int
}

/// A defined type as the store knows it: one id per distinct type of all modules of the store.
struct RuntimeType: Sendable {
    enum Kind: Sendable { case function, `struct`, array }
    let kind: Kind
    /// The ids of the declared supertype chain, from its root to this type itself (subtyping
    /// is one index compare: `a <: b` when `a.chain[b.depth] == b`).
    let chain: [Int]
    /// Struct fields in order; an array has one entry, its element.
    let fields: [FieldLayout]
    /// Slots a struct takes (the sum of its fields' sizes).
    let structSlots: Int
    /// The slots of a struct that hold references; for an array, `[0]` when its elements are
    /// references (then every slot is one), else empty. The collector follows these.
    let referenceSlots: [Int]
}

extension FieldLayout {
    /// Whether the field holds a reference.
    var holdsReference: Bool {
        if case .value(.ref) = storage { return true }
        return false
    }
}

/// The store's defined types under iso-recursive equivalence (WebAssembly 3.0): a recursion
/// group is identified by its structure, in which a reference to a type of the same group is
/// its position in the group and a reference to an earlier type is that type's id. Two modules
/// defining the same group (in the same order) get the same ids, so a `call_indirect`, a cast or
/// an import check compares ids, and subtyping follows the declared supertype chains.
struct TypeRegistry {
    /// The first id of each distinct recursion group.
    private var groups: [[SubType]: Int] = [:]
    private(set) var types: [RuntimeType] = []

    /// Marks a reference to a type of the same recursion group in a group key (the low bits
    /// are its position in the group).
    private static let inGroup: UInt32 = 0x8000_0000

    /// The ids of `module`'s types, by type index (registering new groups).
    mutating func canonicalize(_ module: Module) -> [Int] {
        let defined = module.typeDefinitions
        var ids: [Int] = []
        ids.reserveCapacity(defined.count)
        var index = 0
        while index < defined.count {
            let start = index
            let count = max(Int(defined[index].recGroupCount), 1)
            let end = min(start + count, defined.count)
            let key = (start..<end).map { i in
                Self.rewrite(defined[i], map: { t in
                    let t = Int(t)
                    if t >= start && t < end { return Self.inGroup | UInt32(t - start) }
                    return t < ids.count ? UInt32(truncatingIfNeeded: ids[t]) : UInt32.max
                })
            }
            ids.append(contentsOf: register(key))
            index = end
        }
        return ids
    }

    /// The id of a function type alone in its own group (a host function's type, or a plain
    /// `(func ...)` of a module, which gets the same id).
    mutating func functionTypeID(_ type: FunctionType) -> Int {
        let key = [SubType(isFinal: true, supertypes: [], composite: .function(type), recGroupStart: 0, recGroupCount: 1)]
        return register(key).lowerBound
    }

    /// Whether type `a` is `b` or declares it as a (transitive) supertype.
    func isSubtype(_ a: Int, _ b: Int) -> Bool {
        if a == b { return true }
        guard a >= 0, a < types.count, b >= 0, b < types.count else { return false }
        let chainA = types[a].chain
        let depthB = types[b].chain.count - 1
        return depthB < chainA.count && chainA[depthB] == b
    }

    /// The ids of a group given by its key (new ids when the group is new).
    private mutating func register(_ key: [SubType]) -> Range<Int> {
        if let first = groups[key] { return first ..< first + key.count }
        let first = types.count
        groups[key] = first
        for (position, sub) in key.enumerated() {
            var chain: [Int] = []
            if let s = sub.supertypes.first {
                let superID = s & Self.inGroup != 0 ? first + Int(s & ~Self.inGroup) : Int(s)
                if superID >= 0, superID < types.count { chain = types[superID].chain }
            }
            chain.append(first + position)
            types.append(Self.runtimeType(sub.composite, chain: chain))
        }
        return first ..< first + key.count
    }

    private static func runtimeType(_ composite: CompositeType, chain: [Int]) -> RuntimeType {
        switch composite {
        case .function:
            return RuntimeType(kind: .function, chain: chain, fields: [], structSlots: 0, referenceSlots: [])
        case .struct(let fields):
            var layout: [FieldLayout] = []
            layout.reserveCapacity(fields.count)
            var offset = 0
            for f in fields {
                let size = slotSize(f.storage.unpacked)
                layout.append(FieldLayout(storage: f.storage, offset: offset, size: size))
                offset += size
            }
            return RuntimeType(kind: .struct, chain: chain, fields: layout, structSlots: offset,
                               referenceSlots: layout.filter(\.holdsReference).map(\.offset))
        case .array(let f):
            let size = slotSize(f.storage.unpacked)
            let element = FieldLayout(storage: f.storage, offset: 0, size: size)
            return RuntimeType(kind: .array, chain: chain, fields: [element], structSlots: 0,
                               referenceSlots: element.holdsReference ? [0] : [])
        }
    }

    /// `sub` with every type index (in references and supertypes) replaced by `map`'s answer and
    /// its group position cleared, as a group key holds it.
    private static func rewrite(_ sub: SubType, map: (UInt32) -> UInt32) -> SubType {
        func value(_ t: ValueType) -> ValueType {
            guard case .ref(let r) = t, case .concrete(let i) = r.heapType else { return t }
            return .ref(RefType(nullable: r.nullable, heapType: .concrete(map(i))))
        }
        func field(_ f: FieldType) -> FieldType {
            guard case .value(let t) = f.storage else { return f }
            return FieldType(storage: .value(value(t)), mutable: f.mutable)
        }
        let composite: CompositeType
        switch sub.composite {
        case .function(let f):
            composite = .function(FunctionType(parameters: f.parameters.map(value), results: f.results.map(value)))
        case .struct(let fields):
            composite = .struct(fields.map(field))
        case .array(let f):
            composite = .array(field(f))
        }
        return SubType(isFinal: sub.isFinal, supertypes: sub.supertypes.map(map), composite: composite,
                       recGroupStart: 0, recGroupCount: sub.recGroupCount)
    }
}
