import WasmBinary

extension Execution {
    /// Runs a `gc` instruction (layout in `Translator.translateGC`) and returns the next pc.
    /// Every operand is read before the result is written (the result's slot may be an
    /// operand's). An allocation may collect first (`allocating`): the operands are still in
    /// their slots then, so what they reference is kept. `context` is the running instance's;
    /// only the instructions that read its segments (and casts of other than an object to a
    /// concrete type) look the instance up, so the others touch no reference count.
    func executeGC(
        pc: UnsafeMutablePointer<UInt64>, fp: UnsafeMutablePointer<UInt64>, context: UnsafeMutablePointer<InstanceContext>
    ) throws(TrapCode) -> UnsafeMutablePointer<UInt64> {
        let w1 = pc[1], w2 = pc[2], w3 = pc[3], imm = pc[4]
        guard let opcode = Opcode(wordTag: UInt16(truncatingIfNeeded: w1)) else {
            throw TrapCode.hostTrap("gc instruction with an unknown opcode")
        }
        let dst = Int(truncatingIfNeeded: pc[0] >> 32)
        let typeIndex = Int(truncatingIfNeeded: w1 >> 32)
        let a = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w2)), b = Int(truncatingIfNeeded: w2 >> 32)
        let c = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w3)), d = Int(truncatingIfNeeded: w3 >> 32)
        // The store and its heap are read through `self` (let properties of a guaranteed
        // reference: borrowed, not retained) rather than copied into locals.
        var instance: Instance { store.instances[context.pointee.instanceIndex] }
        switch opcode {
        case .structNew, .structNewDefault:
            let id = Int(truncatingIfNeeded: imm)
            fp[dst] = try allocating(fp: fp) { () throws(TrapCode) in
                try store.newStruct(id, fields: opcode == .structNew ? UnsafePointer(fp + a) : nil)
            }
        case .structNewDesc:
            // The descriptor is the last of the struct's slots from a.
            let id = Int(truncatingIfNeeded: imm)
            fp[dst] = try allocating(fp: fp) { () throws(TrapCode) in
                try store.newStruct(id, fields: UnsafePointer(fp + a))
            }
        case .structNewDefaultDesc:
            let id = Int(truncatingIfNeeded: imm), descriptor = fp[a]
            fp[dst] = try allocating(fp: fp) { () throws(TrapCode) in
                try store.newStruct(id, fields: nil, descriptor: descriptor)
            }
        case .refGetDesc:
            let bits = fp[a]
            guard bits != 0 else { throw TrapCode.nullReference }
            guard let descriptor = store.descriptor(of: bits) else {
                throw TrapCode.hostTrap("ref.get_desc of an object without a descriptor")
            }
            fp[dst] = descriptor
        case .refCastDescEq, .refCastDescEqNull, .brOnCastDescEq, .brOnCastDescEqFail:
            let bits = fp[a], descriptor = fp[b]
            guard descriptor != 0 else { throw TrapCode.nullDescriptorReference }
            let matches = bits == 0 ? imm & GCHeapTypeCode.nullableFlag != 0 : store.descriptor(of: bits) == descriptor
            try finishCast(matches, isCast: opcode == .refCastDescEq || opcode == .refCastDescEqNull,
                           isFail: opcode == .brOnCastDescEqFail, failure: .descriptorCastFailure, fp + dst)
        case .structGet, .structGetS, .structGetU:
            let index = try objectIndex(fp[a], null: .nullStructureReference)
            let (slot, code) = try structField(imm, object: index)
            fp[dst] = FieldCode.unpack(slot[0], code, signed: opcode == .structGetS)
            if code == FieldCode.v128 { fp[dst + 1] = slot[1] }
        case .structSet:
            let index = try objectIndex(fp[a], null: .nullStructureReference)
            let (slot, code) = try structField(imm, object: index)
            slot[0] = FieldCode.pack(fp[b], code)
            if code == FieldCode.v128 { slot[1] = fp[b + 1] }
        case .arrayNew:
            let shape = try arrayShape(imm)
            fp[dst] = try allocating(fp: fp) { () throws(TrapCode) in
                try store.newArray(shape.id, count: fp[b] & 0xFFFF_FFFF, value: (fp[a], shape.elementSlots == 2 ? fp[a + 1] : 0))
            }
        case .arrayNewDefault:
            let id = Int(truncatingIfNeeded: imm)
            fp[dst] = try allocating(fp: fp) { () throws(TrapCode) in
                try store.newArray(id, count: fp[a] & 0xFFFF_FFFF, value: nil)
            }
        case .arrayNewFixed:
            // w1's high half is the count here.
            let shape = try arrayShape(imm), count = typeIndex
            let ref = try allocating(fp: fp) { () throws(TrapCode) in try store.newArray(shape.id, count: UInt64(count), value: nil) }
            let index = GCRef.objectIndex(ref)
            for i in 0..<count {
                let at = a + i * shape.elementSlots
                heap.setElements(index, i ..< i + 1, width: shape.elementWidth, lo: fp[at], hi: shape.elementSlots == 2 ? fp[at + 1] : 0)
            }
            fp[dst] = ref
        case .arrayNewData:
            // w1's high half is the segment here.
            let shape = try arrayShape(imm)
            let count = fp[b] & 0xFFFF_FFFF
            let instance = instance
            guard let range = store.dataBytes(instance, segment: typeIndex, offset: fp[a] & 0xFFFF_FFFF,
                                              count: count, width: shape.elementWidth) else {
                throw TrapCode.outOfBoundsMemoryAccess
            }
            let ref = try allocating(fp: fp) { () throws(TrapCode) in try store.newArray(shape.id, count: count, value: nil) }
            store.copyData(instance, range, into: GCRef.objectIndex(ref), at: 0)
            fp[dst] = ref
        case .arrayNewElem:
            let shape = try arrayShape(imm)
            let instance = instance
            guard typeIndex < instance.elementSegments.count else { throw TrapCode.hostTrap("unknown element segment") }
            let items = instance.elementSegments[typeIndex]
            let offset = fp[a] & 0xFFFF_FFFF, count = fp[b] & 0xFFFF_FFFF
            guard inBounds(offset, count, UInt64(items.count)) else { throw TrapCode.outOfBoundsTableAccess }
            let ref = try allocating(fp: fp) { () throws(TrapCode) in try store.newArray(shape.id, count: count, value: nil) }
            // References are 8 bytes wide: one slot per element.
            items.withUnsafeBufferPointer { source in
                if let base = source.baseAddress {
                    heap.setSlots(GCRef.objectIndex(ref), from: base + Int(offset), count: Int(count))
                }
            }
            fp[dst] = ref
        case .arrayGet, .arrayGetS, .arrayGetU:
            let index = try objectIndex(fp[a], null: .nullArrayReference)
            let element = try arrayElement(index)
            let i = fp[b] & 0xFFFF_FFFF
            guard inArray(index, i, 1) else { throw TrapCode.outOfBoundsArrayAccess }
            let value = heap.element(index, Int(i), width: element.width)
            fp[dst] = FieldCode.unpack(value.lo, element.code, signed: opcode == .arrayGetS)
            if element.slots == 2 { fp[dst + 1] = value.hi }
        case .arraySet:
            let index = try objectIndex(fp[a], null: .nullArrayReference)
            let element = try arrayElement(index)
            let i = fp[b] & 0xFFFF_FFFF
            guard inArray(index, i, 1) else { throw TrapCode.outOfBoundsArrayAccess }
            heap.setElements(index, Int(i) ..< Int(i) + 1, width: element.width,
                             lo: fp[c], hi: element.slots == 2 ? fp[c + 1] : 0)
        case .arrayLen:
            let index = try objectIndex(fp[a], null: .nullArrayReference)
            fp[dst] = UInt64(heap.objects[index].count)
        case .arrayFill:
            let index = try objectIndex(fp[a], null: .nullArrayReference)
            let element = try arrayElement(index)
            let offset = fp[b] & 0xFFFF_FFFF, n = fp[d] & 0xFFFF_FFFF
            guard inArray(index, offset, n) else { throw TrapCode.outOfBoundsArrayAccess }
            heap.setElements(index, Int(offset) ..< Int(offset + n), width: element.width,
                             lo: fp[c], hi: element.slots == 2 ? fp[c + 1] : 0)
        case .arrayCopy:
            let target = try objectIndex(fp[a], null: .nullArrayReference)
            let source = try objectIndex(fp[c], null: .nullArrayReference)
            let element = try arrayElement(target)
            let d0 = fp[b] & 0xFFFF_FFFF, s0 = fp[d] & 0xFFFF_FFFF, n = fp[Int(truncatingIfNeeded: imm)] & 0xFFFF_FFFF
            guard inArray(target, d0, n), inArray(source, s0, n) else { throw TrapCode.outOfBoundsArrayAccess }
            let width = element.width
            heap.moveBytes(from: source, at: Int(s0) * width, to: target, at: Int(d0) * width, byteCount: Int(n) * width)
        case .arrayInitData:
            let index = try objectIndex(fp[a], null: .nullArrayReference)
            let element = try arrayElement(index)
            let d0 = fp[b] & 0xFFFF_FFFF, s0 = fp[c] & 0xFFFF_FFFF, n = fp[d] & 0xFFFF_FFFF
            guard inArray(index, d0, n) else { throw TrapCode.outOfBoundsArrayAccess }
            let width = element.width, instance = instance
            guard let range = store.dataBytes(instance, segment: Int(imm), offset: s0, count: n, width: width) else {
                throw TrapCode.outOfBoundsMemoryAccess
            }
            store.copyData(instance, range, into: index, at: Int(d0) * width)
        case .arrayInitElem:
            let index = try objectIndex(fp[a], null: .nullArrayReference)
            let d0 = fp[b] & 0xFFFF_FFFF, s0 = fp[c] & 0xFFFF_FFFF, n = fp[d] & 0xFFFF_FFFF
            guard inArray(index, d0, n) else { throw TrapCode.outOfBoundsArrayAccess }
            let items = instance.elementSegments[Int(imm)]
            guard inBounds(s0, n, UInt64(items.count)) else { throw TrapCode.outOfBoundsTableAccess }
            guard try arrayElement(index).width == 8 else {
                throw TrapCode.hostTrap("array.init_elem on an array of numbers")
            }
            let target = heap.slotBuffer(index)
            items.withUnsafeBufferPointer { source in
                if let from = source.baseAddress, let to = target.baseAddress {
                    (to + Int(d0)).update(from: from + Int(s0), count: Int(n))
                }
            }
        case .refEq:
            fp[dst] = fp[a] == fp[b] ? 1 : 0
        case .refI31:
            fp[dst] = GCRef.i31(fp[a])
        case .i31GetS, .i31GetU:
            let bits = fp[a]
            guard bits != 0 else { throw TrapCode.nullI31Reference }
            let value = UInt32(truncatingIfNeeded: bits & GCRef.i31Mask)
            fp[dst] = UInt64(opcode == .i31GetU ? value : (value & 0x4000_0000 != 0 ? value | 0x8000_0000 : value))
        case .refTest, .refTestNull, .refCast, .refCastNull, .brOnCast, .brOnCastFail:
            let bits = fp[a]
            let matches: Bool
            if imm & GCHeapTypeCode.abstractFlag == 0, GCRef.isObject(bits) {
                // A concrete target (its id linked in w3) and an object: compare type ids.
                let index = GCRef.objectIndex(bits), target = Int(truncatingIfNeeded: w3)
                let actual = index < heap.objects.count ? heap.objects[index].typeID : -1
                matches = actual >= 0 && store.typeRegistry.shape(target)?.kind != .function
                    && (imm & GCHeapTypeCode.exactFlag != 0 ? actual == target : store.typeRegistry.isSubtype(actual, target))
            } else {
                matches = store.referenceMatches(
                    bits, GCHeapTypeCode.heapType(imm), nullable: imm & GCHeapTypeCode.nullableFlag != 0, instance: instance)
            }
            try finishCast(matches, isCast: opcode == .refCast || opcode == .refCastNull,
                           isFail: opcode == .brOnCastFail, failure: .castFailure, fp + dst)
        default:
            throw TrapCode.hostTrap("\(opcode.name) is not a gc instruction")
        }
        return pc + 5
    }

    /// The store's GC heap.
    @inline(__always) private var heap: GCHeap { store.gcHeap }

    /// Ends a test of a cast instruction: a cast traps with `failure` when it failed; a test
    /// or branch writes its condition to `result` (inverted for the `_fail` branches).
    @inline(__always)
    private func finishCast(_ matches: Bool, isCast: Bool, isFail: Bool, failure: TrapCode,
                            _ result: UnsafeMutablePointer<UInt64>) throws(TrapCode) {
        if isCast {
            guard matches else { throw failure }
        } else {
            result.pointee = matches != isFail ? 1 : 0
        }
    }

    /// The heap index of a reference to a struct or array; traps with `null` on null.
    @inline(__always)
    private func objectIndex(_ bits: UInt64, null: TrapCode) throws(TrapCode) -> Int {
        guard bits != 0 else { throw null }
        let index = GCRef.objectIndex(bits)
        guard GCRef.isObject(bits), index < store.gcHeap.objects.count else {
            throw TrapCode.hostTrap("reference is not a struct or array")
        }
        return index
    }

    /// The slot offset and `FieldCode` of a struct field from its word (`Translator.translateGC`),
    /// checked to lie within object `object` (a host may have passed an object of another type
    /// where the code expects this one).
    /// Returns where the field's first slot is and its code.
    @inline(__always)
    private func structField(_ word: UInt64, object: Int) throws(TrapCode) -> (slot: UnsafeMutablePointer<UInt64>, code: UInt64) {
        let offset = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: word)), code = (word >> 32) & 0xFF
        let size = code == FieldCode.v128 ? 2 : 1
        let o = heap.objects[object]
        guard offset + size <= o.slotCount, o.count == 0 else {
            throw TrapCode.hostTrap("struct field \(word >> 40) does not exist in the object")
        }
        return (o.slots + offset, code)
    }

    /// The shape of the array type whose id a linked word holds.
    @inline(__always)
    private func arrayShape(_ word: UInt64) throws(TrapCode) -> (id: Int, elementWidth: Int, elementSlots: Int) {
        let id = Int(truncatingIfNeeded: word)
        guard let shape = store.typeRegistry.shape(id), shape.kind == .array else {
            throw TrapCode.hostTrap("type \(id) is not an array type")
        }
        return (id, shape.elementWidth, shape.elementSlots)
    }

    /// The element shape of array object `index` (its type's width, slots and `FieldCode`).
    @inline(__always)
    private func arrayElement(_ index: Int) throws(TrapCode) -> (width: Int, slots: Int, code: UInt64) {
        guard let shape = store.typeRegistry.shape(store.gcHeap.objects[index].typeID), shape.kind == .array else {
            throw TrapCode.hostTrap("array type without element")
        }
        return (shape.elementWidth, shape.elementSlots, shape.elementCode)
    }

    /// Whether `[offset, offset + n)` lies within the array's elements.
    private func inArray(_ index: Int, _ offset: UInt64, _ n: UInt64) -> Bool {
        inBounds(offset, n, UInt64(store.gcHeap.objects[index].count))
    }
}
