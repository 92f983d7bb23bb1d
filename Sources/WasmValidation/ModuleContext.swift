import WasmBinary

/// A sequence of value types: a slice of `ModuleContext.arena`. Every single value type has a
/// one-element slice there too (for block types `[t]`), so a list is two words and needs no
/// storage per block.
struct TypeList: Sendable, Hashable {
    /// Start in the arena.
    var base: UInt32
    /// Number of types.
    var count: UInt32

    static let empty = TypeList(base: 0, count: 0)
}

/// A table of the module's table index space.
struct TableInfo: Sendable {
    var element: ValType
    var is64: Bool
}

/// A global of the module's global index space.
struct GlobalInfo: Sendable {
    var type: ValType
    var mutable: Bool
    var imported: Bool
}

/// Everything about a module that function bodies are checked against, in compact form.
///
/// Built once per module by `validateModule`; `FunctionValidator` reads it.
struct ModuleContext: Sendable {
    /// Parameter and result types of every type of the type section, back to back.
    var arena: [ValType] = []
    /// Parameter types of each type index.
    var typeParams: [TypeList] = []
    /// Result types of each type index.
    var typeResults: [TypeList] = []
    /// The canonical index of each type index: the first index whose definition is equivalent
    /// (iso-recursively: same position in structurally identical recursion groups).
    var canonical: [UInt32] = []
    /// The composite kind of each type index.
    var typeKinds: [ValType.Kind] = []
    /// The declared supertype of each type index as a canonical index, `UInt32.max` for none.
    /// Read at canonical indices by `matches`.
    var supertypes: [UInt32] = []
    /// The unpacked field types of each struct type (the element type of an array type, one
    /// entry), as a list in the arena; empty for function types.
    var typeFields: [TypeList] = []
    /// For each arena position holding a field type: bit 0 mutable, bits 1–2 the packed
    /// storage (`FieldFlags`). Shorter than the arena where no fields follow.
    var fieldFlags: [UInt8] = []
    /// The type index of each function (imports first).
    var functionTypes: [UInt32] = []
    /// Tables (imports first).
    var tables: [TableInfo] = []
    /// Whether each memory (imports first) is a memory64 memory.
    var memories: [Bool] = []
    /// Globals (imports first).
    var globals: [GlobalInfo] = []
    /// The type index of each tag (imports first).
    var tags: [UInt32] = []
    /// The reference type of each element segment.
    var elementTypes: [ValType] = []
    /// Number of data segments known to function bodies (the data count section), if declared.
    var dataCount: UInt32?
    /// Whether each function may be named by `ref.func` inside function bodies.
    var declaredFunctions: [Bool] = []
    /// What the custom-descriptors proposal adds; nil without it. One word, so that the context,
    /// which function validators copy, does not grow for modules without the proposal.
    var descriptorFacts: DescriptorFacts?
    /// WebAssembly 3.0 features (off: the 2.0 rules).
    var features: ValidationFeatures = .all

    var typeCount: Int { typeParams.count }

    /// The compact form of a reference type, or nil when it names an unknown type index.
    /// Inlined: out of line, callers that mutate their own state around it (`FunctionValidator.begin`)
    /// copy the whole context to call it.
    @inline(__always) func refType(_ r: RefType) -> ValType? {
        let heap: ValType.Heap
        switch r.heapType {
        case .function: heap = .function
        case .extern: heap = .extern
        case .exception: heap = .exception
        case .any: heap = .any
        case .eq: heap = .eq
        case .i31: heap = .i31
        case .struct: heap = .struct
        case .array: heap = .array
        case .none: heap = .none
        case .noFunction: heap = .noFunction
        case .noExtern: heap = .noExtern
        case .noException: heap = .noException
        case .concrete(let i):
            guard Int(i) < canonical.count else { return nil }
            return .concrete(canonical[Int(i)], typeKinds[Int(i)], nullable: r.nullable)
        case .exact(let i):
            guard Int(i) < canonical.count, features.contains(.customDescriptors) else { return nil }
            return .concrete(canonical[Int(i)], typeKinds[Int(i)], nullable: r.nullable, exact: true)
        }
        return .ref(heap, nullable: r.nullable)
    }

    /// The compact form of a value type, or nil when it names an unknown type index.
    @inline(__always) func valType(_ t: ValueType) -> ValType? {
        switch t {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .ref(let r): return refType(r)
        }
    }

    /// The compact form of a heap type as a reference type, or nil for an unknown type index.
    func heapRef(_ h: HeapType, nullable: Bool) -> ValType? {
        refType(RefType(nullable: nullable, heapType: h))
    }

    /// The `i`-th type of a list.
    @inline(__always) func type(_ list: TypeList, _ i: Int) -> ValType {
        arena[Int(list.base) + i]
    }

    /// Arena position of the one-element lists of abstract reference types and of the concrete
    /// reference types; numeric and vector types are at 0...4.
    static let abstractSingles = 5
    static let concreteSingles = 5 + 2 * 12

    /// Starts the arena with a one-element list for every value type of a module with
    /// `typeCount` types (four per type: inexact and exact, each non-null and nullable).
    mutating func initSingles(kinds: [ValType.Kind]) {
        let typeCount = kinds.count
        arena.removeAll()
        arena.reserveCapacity(ModuleContext.concreteSingles + 4 * typeCount)
        for raw in 1...5 { arena.append(ValType(raw: UInt64(raw))) }
        for heap in 1...12 {
            let h = ValType.Heap(rawValue: UInt64(heap)) ?? .function
            arena.append(.ref(h, nullable: false))
            arena.append(.ref(h, nullable: true))
        }
        for c in 0..<typeCount {
            let index = UInt32(truncatingIfNeeded: c)
            arena.append(.concrete(index, kinds[c], nullable: false))
            arena.append(.concrete(index, kinds[c], nullable: true))
            arena.append(.concrete(index, kinds[c], nullable: false, exact: true))
            arena.append(.concrete(index, kinds[c], nullable: true, exact: true))
        }
    }

    /// The one-element list `[t]` (for any `t` this context produced; `⊥` maps to the empty list).
    func single(_ t: ValType) -> TypeList {
        if t.raw >= 1 && t.raw <= 5 { return TypeList(base: UInt32(t.raw - 1), count: 1) }
        guard t.isRef else { return .empty }
        let nullable: UInt32 = t.isNullable ? 1 : 0
        let h = t.heapRaw
        if h >= 1 && h <= 12 {
            return TypeList(base: UInt32(ModuleContext.abstractSingles) + UInt32(h - 1) * 2 + nullable, count: 1)
        }
        if t.heap == .concrete {
            let base = UInt64(ModuleContext.concreteSingles) + 4 * UInt64(t.typeIndex)
                + (t.isExact ? 2 : 0) + UInt64(nullable)
            if base < UInt64(arena.count) { return TypeList(base: UInt32(base), count: 1) }
        }
        return .empty
    }

    /// The reference type `(ref $t)` of a function's own type (`(ref (exact $t))` when
    /// `DescriptorFacts.exactFunctions` says so).
    func functionRef(_ function: Int) -> ValType {
        let t = Int(functionTypes[function])
        var exact = false
        if let facts = descriptorFacts, function < facts.exactFunctions.count { exact = facts.exactFunctions[function] }
        return .concrete(canonical[t], .function, nullable: false, exact: exact)
    }

    /// Whether `a <: b` (subtyping with the module's declared supertypes).
    @inline(__always) func matches(_ a: ValType, _ b: ValType) -> Bool {
        if a.raw == b.raw || a.raw == 0 { return true }
        return ValType.slowMatches(a, b, supertypes)
    }

    /// Whether type index `i` (in range) is a function type.
    @inline(__always) func isFunction(_ i: Int) -> Bool { typeKinds[i] == .function }

    /// The reference type `(ref null? i)` of type index `i` (in range).
    func typeRef(_ i: Int, nullable: Bool) -> ValType {
        .concrete(canonical[i], typeKinds[i], nullable: nullable)
    }

    /// The type of a new object of type index `i` (in range): `(ref (exact i))` with the
    /// custom-descriptors proposal, else `(ref i)` as in WebAssembly 3.0.
    func newRef(_ i: Int) -> ValType {
        .concrete(canonical[i], typeKinds[i], nullable: false, exact: features.contains(.customDescriptors))
    }

    /// The descriptor type index of type index `i` (custom-descriptors proposal), if any.
    func descriptor(of i: Int) -> Int? {
        guard let types = descriptorFacts?.descriptorTypes, i < types.count, types[i] != UInt32.max else { return nil }
        return Int(types[i])
    }

    /// Why allocating type index `i` with (`struct.new_desc`) or without (`struct.new`) a
    /// descriptor is invalid, or nil when it is valid.
    func allocationMismatch(_ i: Int, withDescriptor: Bool) -> String? {
        let has = descriptor(of: i) != nil
        if has && !withDescriptor { return "type with descriptor requires descriptor allocation" }
        if !has && withDescriptor { return "type without descriptor requires non-descriptor allocation" }
        return nil
    }

    /// The descriptor operand of `struct.new_desc` of type index `i` (which has a descriptor):
    /// `(ref null (exact y))` of its descriptor type y.
    func descriptorOperand(_ i: Int) -> ValType {
        let y = descriptor(of: i) ?? i
        return .concrete(canonical[y], typeKinds[y], nullable: true, exact: true)
    }

    /// The field flags at arena position `position`.
    func fieldFlag(_ position: Int) -> UInt8 {
        position < fieldFlags.count ? fieldFlags[position] : 0
    }

    /// Whether every type of `a` matches the type at the same position of `b` (same length).
    func listMatches(_ a: TypeList, _ b: TypeList) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<Int(a.count) where !matches(type(a, i), type(b, i)) { return false }
        return true
    }
}

/// What the custom-descriptors proposal adds to a module's context.
final class DescriptorFacts: Sendable {
    /// Type index → the type index of its `descriptor` clause, `UInt32.max` for none; by type
    /// index, not canonical. Empty when no type has one.
    let descriptorTypes: [UInt32]
    /// Whether `ref.func` of each function (imports first) gives an exact reference: a defined
    /// function, or an exact import.
    let exactFunctions: [Bool]

    init(descriptorTypes: [UInt32], exactFunctions: [Bool]) {
        self.descriptorTypes = descriptorTypes
        self.exactFunctions = exactFunctions
    }
}

/// Bits of `ModuleContext.fieldFlags`.
enum FieldFlags {
    static let mutable: UInt8 = 1
    static let i8: UInt8 = 2
    static let i16: UInt8 = 4
    static let packed: UInt8 = 6
}
