import WasmBinary

/// The type section's rules: every type well formed, recursion groups canonicalised (equivalent
/// types share one canonical index), declared supertypes valid.
extension ModuleChecker {
    /// Key entries that are not value types: a reference to a member of the recursion group
    /// being keyed (`groupMarker | position << 32`, plus the null bit), packed storage types
    /// and the mutability of a field.
    private static let groupMarker = ValType.ref(.bottom, nullable: false).raw | 0x400
    private static let i8Entry: UInt64 = 6
    private static let i16Entry: UInt64 = 7
    private static let mutableEntry: UInt64 = 0x1000

    /// The type section: checks every type, canonicalises equivalent types, fills the arena
    /// (function signatures, field types) and the supertype table, then checks the declared
    /// supertypes of each new recursion group.
    mutating func checkTypes() throws {
        let defs = module.typeDefinitions
        let count = defs.count
        ctx.typeKinds = defs.map { d in
            switch d.composite {
            case .function: return .function
            case .struct: return .struct
            case .array: return .array
            }
        }
        ctx.typeParams.reserveCapacity(count)
        ctx.typeResults.reserveCapacity(count)
        ctx.typeFields.reserveCapacity(count)
        ctx.canonical.reserveCapacity(count)
        ctx.supertypes.reserveCapacity(count)
        ctx.initSingles(kinds: ctx.typeKinds)
        if defs.contains(where: { $0.describes != nil || $0.descriptor != nil }) {
            descriptorTypes = defs.map { $0.descriptor ?? UInt32.max }
        }
        let gc = ctx.features.contains(.gc)
        var groups: [[UInt64]: UInt32] = [:]
        var key: [UInt64] = []
        var start = 0
        while start < count {
            let size = Int(defs[start].recGroupCount)
            guard size >= 1, Int(defs[start].recGroupStart) == start, size <= count - start else {
                throw fail("malformed recursion group")
            }
            let end = start + size
            if !gc {
                for d in defs[start..<end] where d.functionType == nil || !d.isFinal || !d.supertypes.isEmpty || size > 1 {
                    throw fail("GC types are not supported (the gc feature is off)")
                }
            }
            if defs[start..<end].contains(where: { $0.describes != nil || $0.descriptor != nil }) {
                guard ctx.features.contains(.customDescriptors) else {
                    throw fail("custom descriptors are not supported (the custom-descriptors feature is off)")
                }
                try checkDescriptorClauses(defs, start: start, end: end)
            }
            // The structural key of the whole group: references into the group by position,
            // to earlier types by canonical index.
            key.removeAll(keepingCapacity: true)
            key.append(UInt64(size))
            for d in defs[start..<end] {
                try appendKey(d, start: start, end: end, to: &key)
            }
            let canonicalStart: Int
            if let c = groups[key] {
                canonicalStart = Int(c)
            } else {
                canonicalStart = start
                groups[key] = UInt32(truncatingIfNeeded: start)
            }
            for j in start..<end {
                ctx.canonical.append(UInt32(truncatingIfNeeded: canonicalStart + (j - start)))
            }
            for j in start..<end {
                let canon = Int(ctx.canonical[j])
                if canon != j {
                    // An equivalent type shares the canonical type's lists, so that equal label
                    // types are recognised by position (see `FunctionValidator.brTable`).
                    ctx.typeParams.append(ctx.typeParams[canon])
                    ctx.typeResults.append(ctx.typeResults[canon])
                    ctx.typeFields.append(ctx.typeFields[canon])
                    ctx.supertypes.append(ctx.supertypes[canon])
                    continue
                }
                try appendLists(defs[j])
                if let s = defs[j].supertypes.first, Int(s) < end {
                    ctx.supertypes.append(ctx.canonical[Int(s)])
                } else {
                    ctx.supertypes.append(UInt32.max)
                }
            }
            if canonicalStart == start {
                for j in start..<end { try checkSupertype(defs, j) }
            }
            start = end
        }
    }

    /// Appends the structural key of one sub type of the group `start..<end`.
    private func appendKey(_ d: SubType, start: Int, end: Int, to key: inout [UInt64]) throws {
        let form: UInt64
        switch d.composite {
        case .function: form = 0
        case .struct: form = 1
        case .array: form = 2
        }
        // Bits 5 and 6: a `describes` and a `descriptor` clause follow (their positions in the
        // group, where `checkDescriptorClauses` has put them).
        let clauses: UInt64 = (d.describes != nil ? 0x20 : 0) | (d.descriptor != nil ? 0x40 : 0)
        key.append(form | (d.isFinal ? 4 : 0) | clauses | UInt64(d.supertypes.count) << 8)
        for s in d.supertypes {
            if Int(s) >= end { throw fail("unknown type \(s)") }
            key.append(Int(s) >= start ? 1 << 40 | UInt64(Int(s) - start) : UInt64(ctx.canonical[Int(s)]))
        }
        if let x = d.describes { key.append(UInt64(x) &- UInt64(start)) }
        if let y = d.descriptor { key.append(UInt64(y) &- UInt64(start)) }
        switch d.composite {
        case .function(let ft):
            if ft.parameters.count > ValidationLimits.maxFunctionParameters {
                throw fail("function type has too many parameters (implementation limit \(ValidationLimits.maxFunctionParameters))")
            }
            if ft.results.count > ValidationLimits.maxFunctionResults {
                throw fail("function type has too many results (implementation limit \(ValidationLimits.maxFunctionResults))")
            }
            key.append(UInt64(ft.parameters.count))
            key.append(UInt64(ft.results.count))
            for t in ft.parameters { key.append(try keyEntry(t, start: start, end: end)) }
            for t in ft.results { key.append(try keyEntry(t, start: start, end: end)) }
        case .struct(let fields):
            if fields.count > ValidationLimits.maxStructFields {
                throw fail("struct type has too many fields (implementation limit \(ValidationLimits.maxStructFields))")
            }
            key.append(UInt64(fields.count))
            for f in fields { key.append(try fieldKey(f, start: start, end: end)) }
        case .array(let f):
            key.append(try fieldKey(f, start: start, end: end))
        }
    }

    private func fieldKey(_ f: FieldType, start: Int, end: Int) throws -> UInt64 {
        let storage: UInt64
        switch f.storage {
        case .i8: storage = Self.i8Entry
        case .i16: storage = Self.i16Entry
        case .value(let t): storage = try keyEntry(t, start: start, end: end)
        }
        return storage | (f.mutable ? Self.mutableEntry : 0)
    }

    private func keyEntry(_ t: ValueType, start: Int, end: Int) throws -> UInt64 {
        if case .ref(let r) = t, let j = r.heapType.typeIndex {
            guard Int(j) < end else { throw fail("unknown type \(j)") }
            if Int(j) >= start {
                return Self.groupMarker | UInt64(Int(j) - start) << 32 | (r.nullable ? ValType.nullBit : 0)
                    | (r.heapType.isExact ? ValType.exactBit : 0)
            }
        }
        guard let v = ctx.valType(t) else { throw unknownType(t) }
        return v.raw
    }

    /// The arena lists of a canonical type (whose group's canonical indices are all known).
    private mutating func appendLists(_ d: SubType) throws {
        let base = ctx.arena.count
        switch d.composite {
        case .function(let ft):
            for t in ft.parameters { ctx.arena.append(try resolved(t)) }
            for t in ft.results { ctx.arena.append(try resolved(t)) }
            ctx.typeParams.append(TypeList(base: UInt32(truncatingIfNeeded: base), count: UInt32(ft.parameters.count)))
            ctx.typeResults.append(TypeList(base: UInt32(truncatingIfNeeded: base + ft.parameters.count),
                                            count: UInt32(ft.results.count)))
            ctx.typeFields.append(.empty)
        case .struct(let fields):
            try appendFields(fields)
            ctx.typeParams.append(.empty)
            ctx.typeResults.append(.empty)
            ctx.typeFields.append(TypeList(base: UInt32(truncatingIfNeeded: base), count: UInt32(fields.count)))
        case .array(let f):
            try appendFields([f])
            ctx.typeParams.append(.empty)
            ctx.typeResults.append(.empty)
            ctx.typeFields.append(TypeList(base: UInt32(truncatingIfNeeded: base), count: 1))
        }
        guard ctx.arena.count <= Int(UInt32.max) else { throw fail("too many types") }
    }

    private mutating func appendFields(_ fields: [FieldType]) throws {
        if ctx.fieldFlags.count < ctx.arena.count {
            ctx.fieldFlags.append(contentsOf: repeatElement(0, count: ctx.arena.count - ctx.fieldFlags.count))
        }
        for f in fields {
            var flags: UInt8 = f.mutable ? FieldFlags.mutable : 0
            switch f.storage {
            case .i8: flags |= FieldFlags.i8
            case .i16: flags |= FieldFlags.i16
            case .value: break
            }
            ctx.arena.append(try resolved(f.storage.unpacked))
            ctx.fieldFlags.append(flags)
        }
    }

    /// A value type with its concrete reference resolved to the canonical index.
    private func resolved(_ t: ValueType) throws -> ValType {
        guard let v = ctx.valType(t) else { throw unknownType(t) }
        return v
    }

    /// The declared supertype of type `j` (of a new group): at most one, defined before `j`,
    /// not final, of the same kind, with a composite type `j`'s matches.
    private func checkSupertype(_ defs: [SubType], _ j: Int) throws {
        let d = defs[j]
        guard let s32 = d.supertypes.first else { return }
        guard d.supertypes.count == 1 else { throw fail("sub type: multiple supertypes") }
        let s = Int(s32)
        guard s < j else { throw fail("sub type: forward use of type \(s)") }
        guard !defs[s].isFinal else { throw fail("sub type: type \(s) is final") }
        guard ctx.typeKinds[j] == ctx.typeKinds[s] else {
            throw fail("sub type: type \(j) does not match its supertype \(s)")
        }
        try checkDescriptorSubtyping(defs, j, s)
        let sub = Int(ctx.canonical[j])
        let sup = Int(ctx.canonical[s])
        let ok: Bool
        switch ctx.typeKinds[j] {
        case .function:
            let (p1, r1) = (ctx.typeParams[sub], ctx.typeResults[sub])
            let (p2, r2) = (ctx.typeParams[sup], ctx.typeResults[sup])
            ok = p1.count == p2.count && ctx.listMatches(p2, p1) && ctx.listMatches(r1, r2)
        case .struct, .array:
            let f1 = ctx.typeFields[sub]
            let f2 = ctx.typeFields[sup]
            if f1.count < f2.count || (ctx.typeKinds[j] == .array && f1.count != f2.count) {
                ok = false
            } else {
                ok = (0..<Int(f2.count)).allSatisfy { k in
                    fieldMatches(Int(f1.base) + k, Int(f2.base) + k)
                }
            }
        }
        guard ok else { throw fail("sub type: type \(j) does not match its supertype \(s)") }
    }

    /// The custom-descriptors rules of one recursion group `start..<end`: a `describes x` clause
    /// names an earlier type of the group whose `descriptor` clause names this type; a
    /// `descriptor y` clause names a type of the group whose `describes` clause names this type;
    /// either clause only on a struct type.
    private func checkDescriptorClauses(_ defs: [SubType], start: Int, end: Int) throws {
        for j in start..<end {
            if let x32 = defs[j].describes {
                let x = Int(x32)
                guard x >= start, x < end else { throw fail("described type is outside rec group") }
                guard defs[x].descriptor == UInt32(truncatingIfNeeded: j) else {
                    throw fail("described type is not described by descriptor")
                }
                guard x < j else { throw fail("forward use of described type") }
            }
            if let y32 = defs[j].descriptor {
                let y = Int(y32)
                guard y >= start, y < end else { throw fail("descriptor type is outside rec group") }
                guard defs[y].describes == UInt32(truncatingIfNeeded: j) else {
                    throw fail("type is not described by its descriptor")
                }
            }
        }
        for j in start..<end where defs[j].describes != nil || defs[j].descriptor != nil {
            guard case .struct = defs[j].composite else {
                throw fail(defs[j].descriptor != nil ? "descriptor type must be a struct" : "described type must be a struct")
            }
        }
    }

    /// A declared supertype `s` of type `j` and their clauses: both describe types (the
    /// subtype's a subtype of the supertype's) or neither does; a supertype with a descriptor
    /// needs a subtype with one, a subtype of the supertype's descriptor.
    private func checkDescriptorSubtyping(_ defs: [SubType], _ j: Int, _ s: Int) throws {
        let sub = defs[j], sup = defs[s]
        switch (sub.describes, sup.describes) {
        case (let x?, let y?):
            guard typeMatches(x, y) else { throw fail("described type \(x) does not match \(y)") }
        case (nil, nil):
            break
        default:
            throw fail("sub type \(j) does not match super type \(s)")
        }
        switch (sub.descriptor, sup.descriptor) {
        case (let x?, let y?):
            guard typeMatches(x, y) else { throw fail("descriptor type \(x) does not match \(y)") }
        case (nil, .some):
            throw fail("sub type \(j) does not match super type \(s)")
        default:
            break
        }
    }

    /// Whether type index `a` is type index `b` or declares it as a (transitive) supertype.
    private func typeMatches(_ a: UInt32, _ b: UInt32) -> Bool {
        guard Int(a) < ctx.canonical.count, Int(b) < ctx.canonical.count else { return false }
        return ctx.matches(ctx.typeRef(Int(a), nullable: false), ctx.typeRef(Int(b), nullable: false))
    }

    /// Field subtyping at two arena positions: same mutability and packing; an immutable field
    /// covariant, a mutable one invariant.
    func fieldMatches(_ a: Int, _ b: Int) -> Bool {
        let fa = ctx.fieldFlag(a)
        guard fa == ctx.fieldFlag(b) else { return false }
        let ta = ctx.arena[a]
        let tb = ctx.arena[b]
        if fa & FieldFlags.mutable != 0 { return ctx.matches(ta, tb) && ctx.matches(tb, ta) }
        return ctx.matches(ta, tb)
    }
}
