import WasmBinary

/// What the GC instructions and constant expressions do with objects and types, shared by the
/// run loop's side path (ExecutionGC.swift) and instantiation.
extension Store {
    /// The type id and shape of `instance`'s type `index`.
    func runtimeType(_ instance: Instance, _ index: Int) throws(TrapCode) -> (id: Int, type: RuntimeType) {
        guard index >= 0, index < instance.typeIDs.count else { throw TrapCode.hostTrap("unknown type \(index)") }
        let id = instance.typeIDs[index]
        return (id, typeRegistry.types[id])
    }

    /// Bytes one element of `storage` takes in a data segment (`array.new_data`).
    static func byteSize(_ storage: StorageType) -> Int {
        switch storage {
        case .i8: return 1
        case .i16: return 2
        case .value(.i32), .value(.f32): return 4
        case .value(.v128): return 16
        case .value: return 8  // i64, f64 and references
        }
    }

    /// A new struct of type `id` whose fields are read from `fields` (laid out as its slots,
    /// its descriptor's last when the type has one), or all zero/null when nil, then the
    /// descriptor `descriptor` when not 0. A type with a descriptor needs a non-null one
    /// ("null descriptor reference"). Nothing happens before the allocation
    /// (`Execution.allocating`).
    func newStruct(_ id: Int, fields: UnsafePointer<UInt64>?, descriptor: UInt64 = 0) throws(TrapCode) -> UInt64 {
        guard let shape = typeRegistry.shape(id), shape.kind == .struct else {
            throw TrapCode.hostTrap("type \(id) is not a struct type")
        }
        if shape.descriptorSlot >= 0 {
            let bits = fields.map { $0[shape.descriptorSlot] } ?? descriptor
            guard bits != 0 else { throw TrapCode.nullDescriptorReference }
        }
        let ref = try gcHeap.allocate(typeID: id, count: 0, slotCount: shape.structSlots)
        let index = GCRef.objectIndex(ref)
        guard let fields else {
            if shape.descriptorSlot >= 0 { gcHeap.slotBuffer(index)[shape.descriptorSlot] = descriptor }
            return ref
        }
        guard shape.packsFields else {
            gcHeap.setSlots(index, from: fields, count: shape.structSlots)
            return ref
        }
        let slots = gcHeap.objects[index].slots
        typeRegistry.fields.withUnsafeBufferPointer { layout in
            let end = min(shape.fieldStart + shape.fieldCount, layout.count)
            for k in shape.fieldStart ..< max(end, shape.fieldStart) {
                let offset = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: layout[k])), code = layout[k] >> 32
                let size = code == FieldCode.v128 ? 2 : 1
                guard offset + size <= shape.structSlots else { continue }
                slots[offset] = FieldCode.pack(fields[offset], code)
                if size == 2 { slots[offset + 1] = fields[offset + 1] }
            }
        }
        if shape.descriptorSlot >= 0, shape.descriptorSlot < shape.structSlots {
            slots[shape.descriptorSlot] = fields[shape.descriptorSlot]
        }
        return ref
    }

    /// A new array of type `id` with `count` elements, each `value` (its low bits, and the high
    /// half of a v128) or zero/null when nil. Elements are packed (GCHeap.swift). Nothing happens
    /// before the allocation.
    func newArray(_ id: Int, count: UInt64, value: (UInt64, UInt64)?) throws(TrapCode) -> UInt64 {
        guard let shape = typeRegistry.shape(id), shape.kind == .array else {
            throw TrapCode.hostTrap("type \(id) is not an array type")
        }
        let width = shape.elementWidth
        guard count <= UInt64(Int.max), let slots = GCHeap.arraySlots(count: Int(count), width: width) else {
            throw TrapCode.gcHeapExhausted
        }
        let n = Int(count)
        let ref = try gcHeap.allocate(typeID: id, count: n, slotCount: slots)
        if let value, value != (0, 0) {
            gcHeap.setElements(GCRef.objectIndex(ref), 0 ..< n, width: width, lo: value.0, hi: value.1)
        }
        return ref
    }

    /// Where elements `offset ..< offset + count` of data segment `segment` lie in the module's
    /// bytes, each `width` bytes; nil when they lie outside the segment (a dropped one is empty).
    func dataBytes(_ instance: Instance, segment: Int, offset: UInt64, count: UInt64, width: Int) -> Range<Int>? {
        let module = instance.module.module
        guard segment >= 0, segment < module.data.count else { return nil }
        let bytes = module.data[segment].bytes
        let length = instance.droppedData[segment] ? 0 : UInt64(bytes.count)
        let (total, overflow) = count.multipliedReportingOverflow(by: UInt64(width))
        guard !overflow, offset <= length, length - offset >= total else { return nil }
        let start = bytes.lowerBound + Int(offset)
        return start ..< start + Int(total)
    }

    /// Copies `range` of the module's bytes into array `object` from element `at` on.
    func copyData(_ instance: Instance, _ range: Range<Int>, into object: Int, at byteOffset: Int) {
        instance.module.module.bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress {
                gcHeap.copyBytes(into: object, at: byteOffset, from: base + range.lowerBound, byteCount: range.count)
            }
        }
    }

    /// Whether a reference's bits are a value of heap type `target` (`instance`'s type indices),
    /// null counting when `nullable`.
    func referenceMatches(_ bits: UInt64, _ target: HeapType, nullable: Bool, instance: Instance) -> Bool {
        if bits == 0 { return nullable }
        switch target {
        case .any, .function, .extern, .exception: return true
        case .eq: return GCRef.isI31(bits) || GCRef.isObject(bits)
        case .i31: return GCRef.isI31(bits)
        case .struct, .array:
            guard GCRef.isObject(bits) else { return false }
            let index = GCRef.objectIndex(bits)
            guard index < gcHeap.objects.count else { return false }
            let kind = typeRegistry.shape(gcHeap.objects[index].typeID)?.kind
            return kind == (target == .struct ? .struct : .array)
        case .none, .noFunction, .noExtern, .noException: return false
        case .concrete(let i), .exact(let i):
            guard Int(i) < instance.typeIDs.count else { return false }
            let id = instance.typeIDs[Int(i)]
            let actual: Int
            if typeRegistry.shape(id)?.kind == .function {
                guard !GCRef.isObject(bits), !GCRef.isI31(bits), bits - 1 < UInt64(functions.count) else { return false }
                actual = Int(records[Int(bits - 1)].typeID)
            } else {
                guard GCRef.isObject(bits) else { return false }
                let index = GCRef.objectIndex(bits)
                guard index < gcHeap.objects.count else { return false }
                actual = gcHeap.objects[index].typeID
            }
            return target.isExact ? actual == id : typeRegistry.isSubtype(actual, id)
        }
    }

    /// The descriptor a reference's object holds (custom-descriptors proposal); nil when it is
    /// not a struct whose type has a descriptor.
    func descriptor(of bits: UInt64) -> UInt64? {
        guard GCRef.isObject(bits) else { return nil }
        let index = GCRef.objectIndex(bits)
        guard index < gcHeap.objects.count, let shape = typeRegistry.shape(gcHeap.objects[index].typeID),
              shape.descriptorSlot >= 0 else { return nil }
        let slots = gcHeap.slotBuffer(index)
        return shape.descriptorSlot < slots.count ? slots[shape.descriptorSlot] : nil
    }

    /// Whether reference type `a` (its concrete heap type's id `aID`) matches `e` (`eID`).
    func refTypeMatches(_ a: RefType, _ aID: Int, _ e: RefType, _ eID: Int) -> Bool {
        if a.nullable && !e.nullable { return false }
        return heapTypeMatches(a.heapType, aID, e.heapType, eID)
    }

    /// The kind of type `id` (function, struct or array); nil when no type has that id.
    func kind(_ id: Int) -> RuntimeType.Kind? {
        typeRegistry.shape(id)?.kind
    }

    private func heapTypeMatches(_ a: HeapType, _ aID: Int, _ e: HeapType, _ eID: Int) -> Bool {
        // An exact type is the concrete one for the cases below, except that only itself (and
        // the bottom types) match it.
        if e.isExact, a.typeIndex != nil { return a.isExact && aID == eID && aID >= 0 }
        let a = a.typeIndex.map(HeapType.concrete) ?? a
        let e = e.typeIndex.map(HeapType.concrete) ?? e
        switch (a, e) {
        case (.concrete, .concrete):
            return typeRegistry.isSubtype(aID, eID)
        case (.concrete, _):
            switch kind(aID) {
            case .function?: return e == .function
            case .struct?: return e == .struct || e == .eq || e == .any
            case .array?: return e == .array || e == .eq || e == .any
            case nil: return false
            }
        case (_, .concrete):
            switch kind(eID) {
            case .function?: return a == .noFunction
            case .struct?, .array?: return a == .none
            case nil: return false
            }
        default:
            return Self.abstractMatches(a, e)
        }
    }

    /// Subtyping of abstract heap types: none <: i31, struct, array <: eq <: any; nofunc <:
    /// func; noextern <: extern; noexn <: exn.
    static func abstractMatches(_ a: HeapType, _ e: HeapType) -> Bool {
        if a == e { return true }
        switch a {
        case .none: return e == .i31 || e == .struct || e == .array || e == .eq || e == .any
        case .i31, .struct, .array: return e == .eq || e == .any
        case .eq: return e == .any
        case .noFunction: return e == .function
        case .noExtern: return e == .extern
        case .noException: return e == .exception
        default: return false
        }
    }
}

extension Store {
    /// Whether a constant instruction is one of the GC ones `evaluateGC` runs.
    static func isGCConstant(_ opcode: Opcode) -> Bool {
        switch opcode {
        case .structNew, .structNewDefault, .arrayNew, .arrayNewDefault, .arrayNewFixed, .refI31,
             .anyConvertExtern, .externConvertAny, .structNewDesc, .structNewDefaultDesc:
            return true
        default:
            return false
        }
    }

    /// Runs a GC instruction of a constant expression on its stack (each entry one value, a
    /// v128 in both halves).
    func evaluateGC(_ ins: Instruction, stack: inout [(lo: UInt64, hi: UInt64)], instance: Instance) throws(TrapCode) {
        func pop() throws(TrapCode) -> (lo: UInt64, hi: UInt64) {
            guard let top = stack.popLast() else { throw TrapCode.hostTrap("malformed constant expression") }
            return top
        }
        switch ins.opcode {
        case .anyConvertExtern, .externConvertAny:
            return
        case .refI31:
            stack.append((GCRef.i31(try pop().lo), 0))
        case .structNew, .structNewDefault, .structNewDesc, .structNewDefaultDesc:
            let (id, type) = try runtimeType(instance, Int(ins.index))
            let withDescriptor = ins.opcode == .structNewDesc || ins.opcode == .structNewDefaultDesc
            let explicit = ins.opcode == .structNew || ins.opcode == .structNewDesc
            let descriptor = withDescriptor ? try pop().lo : 0
            var slots: [UInt64] = []
            if explicit {
                guard stack.count >= type.fields.count else { throw TrapCode.hostTrap("malformed constant expression") }
                let values = stack.suffix(type.fields.count)
                stack.removeLast(type.fields.count)
                for (value, field) in zip(values, type.fields) {
                    slots.append(value.lo)
                    if field.size == 2 { slots.append(value.hi) }
                }
                if withDescriptor { slots.append(descriptor) }
            }
            let ref = try slots.withUnsafeBufferPointer { buffer throws(TrapCode) in
                try newStruct(id, fields: explicit ? buffer.baseAddress : nil, descriptor: descriptor)
            }
            stack.append((ref, 0))
        case .arrayNew:
            let (id, _) = try runtimeType(instance, Int(ins.index))
            let count = try pop().lo & 0xFFFF_FFFF
            let value = try pop()
            stack.append((try newArray(id, count: count, value: (value.lo, value.hi)), 0))
        case .arrayNewDefault:
            let (id, _) = try runtimeType(instance, Int(ins.index))
            let count = try pop().lo & 0xFFFF_FFFF
            stack.append((try newArray(id, count: count, value: nil), 0))
        case .arrayNewFixed:
            let (id, type) = try runtimeType(instance, Int(ins.index))
            let n = Int(ins.index2)
            guard stack.count >= n, let element = type.fields.first else {
                throw TrapCode.hostTrap("malformed constant expression")
            }
            let values = Array(stack.suffix(n))
            stack.removeLast(n)
            let ref = try newArray(id, count: UInt64(n), value: nil)
            let index = GCRef.objectIndex(ref), width = Self.byteSize(element.storage)
            for (i, value) in values.enumerated() {
                gcHeap.setElements(index, i ..< i + 1, width: width, lo: value.lo, hi: value.hi)
            }
            stack.append((ref, 0))
        default:
            throw TrapCode.hostTrap("unsupported constant instruction \(ins.opcode.name)")
        }
    }
}
