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
    /// Slots a struct takes (the sum of its fields' sizes, plus one for its descriptor).
    let structSlots: Int
    /// The slots of a struct that hold references (its descriptor's among them); for an array,
    /// `[0]` when its elements are references (then every slot is one), else empty. The
    /// collector follows these. A slot of the exception hierarchy (an `exnref`, index + 1 with
    /// no tag) carries `RuntimeType.exceptionSlot` on top of its number.
    let referenceSlots: [Int]
    /// The slot of a struct's descriptor (custom-descriptors proposal: the type has a
    /// `descriptor` clause), the last one after its fields; nil for the others.
    let descriptorSlot: Int?

    /// The flag of a reference slot that holds an `exnref` (see `referenceSlots`).
    static let exceptionSlot = 1 << 40
}

/// How a field's value is packed into its slot, as a small code the translated code carries
/// (`TypeShape`, `Translator.translateGC`): the bits `pack` keeps and `unpack` extends.
enum FieldCode {
    static let full: UInt64 = 0, i8: UInt64 = 1, i16: UInt64 = 2, bits32: UInt64 = 3, v128: UInt64 = 4

    static func of(_ storage: StorageType) -> UInt64 {
        switch storage {
        case .i8: return i8
        case .i16: return i16
        case .value(.i32), .value(.f32): return bits32
        case .value(.v128): return v128
        case .value: return full
        }
    }

    /// The bits a field of code `code` keeps of a value.
    @inline(__always) static func pack(_ bits: UInt64, _ code: UInt64) -> UInt64 {
        switch code {
        case i8: return bits & 0xFF
        case i16: return bits & 0xFFFF
        case bits32: return bits & 0xFFFF_FFFF
        default: return bits
        }
    }

    /// The value a field of code `code` gives (packed ones sign- or zero-extended to i32).
    @inline(__always) static func unpack(_ bits: UInt64, _ code: UInt64, signed: Bool) -> UInt64 {
        switch code {
        case i8: return signed ? UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: bits)))) : bits & 0xFF
        case i16: return signed ? UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: bits)))) : bits & 0xFFFF
        default: return bits
        }
    }
}

/// What the GC instructions read of a type, as plain values (no arrays, so reading one from
/// `TypeRegistry.shapes` copies a few words and touches no reference count).
struct TypeShape: Sendable {
    let kind: RuntimeType.Kind
    /// Slots a struct takes; 0 for the others.
    let structSlots: Int
    /// Where a struct's fields start in `TypeRegistry.fields` (its `fieldCount` entries).
    let fieldStart: Int
    let fieldCount: Int
    /// Whether a struct has a field that `FieldCode.pack` narrows (`struct.new` then packs
    /// field by field; else it copies the slots as they are).
    let packsFields: Bool
    /// An array element's bytes (`Store.byteSize`), slots (1, 2 for v128) and `FieldCode`.
    let elementWidth: Int
    let elementSlots: Int
    let elementCode: UInt64
    /// Where the type's reference slots (`RuntimeType.referenceSlots`) start in
    /// `TypeRegistry.references`, and how many there are (an array of references has one, 0).
    let referenceStart: Int
    let referenceCount: Int
    /// Where the type's supertype chain starts in `TypeRegistry.chains`, and its depth (the
    /// chain has `depth + 1` ids, the last the type itself).
    let chainStart: Int
    let depth: Int
    /// `RuntimeType.descriptorSlot`, or -1 when the type has no descriptor.
    let descriptorSlot: Int
}

extension FieldLayout {
    /// Whether the field holds a reference.
    var holdsReference: Bool {
        if case .value(.ref) = storage { return true }
        return false
    }

    /// The field's entry in `RuntimeType.referenceSlots` (it holds a reference).
    var referenceSlot: Int {
        if case .value(.ref(let r)) = storage, r.heapType == .exception || r.heapType == .noException {
            return offset | RuntimeType.exceptionSlot
        }
        return offset
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
    /// `types` as plain values, by id (what the GC instructions read).
    private(set) var shapes: [TypeShape] = []
    /// Every type's supertype chain, one after another (`TypeShape.chainStart`).
    private(set) var chains: [Int] = []
    /// Every struct type's fields, one after another (`TypeShape.fieldStart`): each its first
    /// slot | its `FieldCode` << 32.
    private(set) var fields: [UInt64] = []
    /// Every type's reference slots, one after another (`TypeShape.referenceStart`).
    private(set) var references: [Int] = []

    /// The shape of type `id`; nil when no type has that id.
    @inline(__always) func shape(_ id: Int) -> TypeShape? {
        shapes.withUnsafeBufferPointer { s in id >= 0 && id < s.count ? s[id] : nil }
    }

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
            let type = Self.runtimeType(sub.composite, chain: chain, hasDescriptor: sub.descriptor != nil)
            shapes.append(Self.shape(type, chainStart: chains.count, fieldStart: fields.count,
                                     referenceStart: references.count))
            chains.append(contentsOf: chain)
            references.append(contentsOf: type.referenceSlots)
            if type.kind == .struct {
                fields.append(contentsOf: type.fields.map { UInt64($0.offset) | FieldCode.of($0.storage) << 32 })
            }
            types.append(type)
        }
        return first ..< first + key.count
    }

    private static func shape(_ type: RuntimeType, chainStart: Int, fieldStart: Int, referenceStart: Int) -> TypeShape {
        let element = type.kind == .array ? type.fields.first : nil
        return TypeShape(
            kind: type.kind, structSlots: type.structSlots,
            fieldStart: fieldStart, fieldCount: type.kind == .struct ? type.fields.count : 0,
            packsFields: type.kind == .struct && type.fields.contains { (FieldCode.i8 ... FieldCode.bits32).contains(FieldCode.of($0.storage)) },
            elementWidth: element.map { Store.byteSize($0.storage) } ?? 1, elementSlots: element?.size ?? 1,
            elementCode: element.map { FieldCode.of($0.storage) } ?? FieldCode.full,
            referenceStart: referenceStart, referenceCount: type.referenceSlots.count, chainStart: chainStart, depth: type.chain.count - 1,
            descriptorSlot: type.descriptorSlot ?? -1)
    }

    /// Whether type `a` is `b` or declares it as a (transitive) supertype (read from the flat
    /// tables: no array is copied); false for an id out of range.
    @inline(__always)
    func isSubtype(_ a: Int, _ b: Int) -> Bool {
        if a == b { return true }
        return shapes.withUnsafeBufferPointer { s in
            guard a >= 0, a < s.count, b >= 0, b < s.count else { return false }
            let depthB = s[b].depth
            guard depthB <= s[a].depth else { return false }
            return chains.withUnsafeBufferPointer { c in
                let at = s[a].chainStart + depthB
                return at < c.count && c[at] == b
            }
        }
    }

    private static func runtimeType(_ composite: CompositeType, chain: [Int], hasDescriptor: Bool) -> RuntimeType {
        switch composite {
        case .function:
            return RuntimeType(kind: .function, chain: chain, fields: [], structSlots: 0, referenceSlots: [],
                               descriptorSlot: nil)
        case .struct(let fields):
            var layout: [FieldLayout] = []
            layout.reserveCapacity(fields.count)
            var offset = 0
            for f in fields {
                let size = slotSize(f.storage.unpacked)
                layout.append(FieldLayout(storage: f.storage, offset: offset, size: size))
                offset += size
            }
            var references = layout.filter(\.holdsReference).map(\.referenceSlot)
            // The descriptor reference takes one more slot, after the fields.
            let descriptorSlot = hasDescriptor ? offset : nil
            if let descriptorSlot { references.append(descriptorSlot) }
            return RuntimeType(kind: .struct, chain: chain, fields: layout, structSlots: offset + (hasDescriptor ? 1 : 0),
                               referenceSlots: references, descriptorSlot: descriptorSlot)
        case .array(let f):
            let size = slotSize(f.storage.unpacked)
            let element = FieldLayout(storage: f.storage, offset: 0, size: size)
            return RuntimeType(kind: .array, chain: chain, fields: [element], structSlots: 0,
                               referenceSlots: element.holdsReference ? [element.referenceSlot] : [], descriptorSlot: nil)
        }
    }

    /// `sub` with every type index (in references and supertypes) replaced by `map`'s answer and
    /// its group position cleared, as a group key holds it.
    private static func rewrite(_ sub: SubType, map: (UInt32) -> UInt32) -> SubType {
        func value(_ t: ValueType) -> ValueType {
            guard case .ref(let r) = t else { return t }
            switch r.heapType {
            case .concrete(let i): return .ref(RefType(nullable: r.nullable, heapType: .concrete(map(i))))
            case .exact(let i): return .ref(RefType(nullable: r.nullable, heapType: .exact(map(i))))
            default: return t
            }
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
                       recGroupStart: 0, recGroupCount: sub.recGroupCount,
                       describes: sub.describes.map(map), descriptor: sub.descriptor.map(map))
    }
}
