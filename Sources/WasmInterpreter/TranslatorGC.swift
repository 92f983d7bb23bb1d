import WasmBinary

extension Translator {
    /// The GC instructions (and `ref.eq`). Each becomes one `gc` instruction run outside the
    /// main loop (`Execution.executeGC`), except `struct.get` and `struct.set` of fields other
    /// than v128, and `array.get`, `array.set` and `array.len` of elements
    /// other than v128, which become threaded instructions of their own (`structGetField`,
    /// `structSetField`, `arrayGet64` ... `arrayLength`; `emitFieldAccess`), as do `ref.eq`,
    /// `ref.i31`, `i31.get_s` and `i31.get_u`, which read no heap; a cast to a concrete struct
    /// or array type, or to any, eq, i31, struct or array, is preceded by a threaded
    /// `castObject` or `castAbstract` that answers it and skips it (`emitThreadedCast`), and a
    /// small `struct.new` or `array.new` by a threaded allocation (`emitSmallStructNew`,
    /// `emitSmallArrayNew`). A `gc` instruction
    /// has five words:
    /// w0 = op | dst (the result's slot; 0 without one), w1 = the `Opcode` (its `wordTag`) | type index << 32
    /// (`array.new_fixed`: | count << 32; `array.new_data`/`_elem`: | segment << 32),
    /// w2 = slot a | slot b << 32, w3 = slot c | slot d << 32, w4 = an immediate (a field's
    /// slot offset | `FieldCode` << 32 | field index << 40, the length's slot of `array.copy`,
    /// a data or element segment, or a cast's target `GCHeapTypeCode`; of the descriptor casts
    /// only its nullable flag). Operands in order: a, b,
    /// c, d. `struct.new` and `array.new_fixed` read their operands from consecutive slots
    /// starting at a. What is fixed by the type index is resolved here (a field's slot and
    /// packing); the instance's type id is a linked word (`CodeLinkKind.typeID`): w4 of the
    /// allocating instructions, w3 of a cast to a concrete type.
    /// `any.convert_extern` and `extern.convert_any` emit nothing (the bits stay the same,
    /// GCHeap.swift). `br_on_cast` and `br_on_cast_fail` test into a scratch slot above the
    /// reference and branch on it as `br_if` does, the reference staying in its slot.
    mutating func translateGC(_ ins: Instruction) throws(TranslationError) {
        let t = Int(ins.index)
        var a = 0, b = 0, c = 0, d = 0, imm: UInt64 = 0, dst = 0
        var w1High = UInt64(ins.index)
        /// Which word holds the linked type id (3 or 4), or 0 for none.
        var linkedWord = 0
        switch ins.opcode {
        case .anyConvertExtern, .externConvertAny:
            return
        case .structNew, .structNewDesc:
            // The fields (and, for `struct.new_desc`, then the descriptor) in consecutive slots
            // from a: the struct's slots, its descriptor's last.
            let fields = try structFields(t)
            let operands = fields.count + (ins.opcode == .structNewDesc ? 1 : 0)
            try materializeTop(operands)
            var slots = operands - fields.count
            for f in fields { slots += slotSize(f.storage.unpacked) }
            a = height - slots
            try popAll(operands)
            dst = push(1)
            linkedWord = 4
            if ins.opcode == .structNew { try emitSmallStructNew(.structNewSmall, fields, type: t, a: a, dst: dst) }
        case .structNewDefault:
            let fields = try structFields(t)
            dst = push(1)
            linkedWord = 4
            try emitSmallStructNew(.structNewSmallDefault, fields, type: t, a: 0, dst: dst)
        case .structNewDefaultDesc:
            _ = try structFields(t)
            a = try pop()
            dst = push(1)
            linkedWord = 4
        case .refGetDesc:
            a = try pop()
            dst = push(1)
        case .refCastDescEq, .refCastDescEqNull:
            // The descriptor in b; the reference stays in its slot (as `ref.cast`).
            b = try pop()
            try materialize(stack.count - 1)
            a = height - 1
            dst = a
            imm = ins.opcode == .refCastDescEqNull ? GCHeapTypeCode.nullableFlag : 0
        case .brOnCastDescEq, .brOnCastDescEqFail:
            // As `br_on_cast`, with the descriptor in b (the test's scratch slot may be b's:
            // every operand is read before it is written).
            b = try pop()
            try materialize(stack.count - 1)
            a = height - 1
            dst = push(1)
            imm = ins.index2 & 2 != 0 ? GCHeapTypeCode.nullableFlag : 0
        case .structGet, .structGetS, .structGetU:
            let fields = try structFields(t)
            a = try pop()
            dst = push(try fieldWord(fields, ins.index2, &imm).unpacked)
            // The threaded forms (w1 = a | the field's slot << 32): a field kept whole, or a
            // packed one read unsigned, reads as it is (a packed field keeps only its low bits);
            // a packed one read signed extends its sign.
            let code = (imm >> 32) & 0xFF
            let form: ThreadedOp? = switch code {
            case FieldCode.full, FieldCode.bits32: .structGetField
            case FieldCode.i8: ins.opcode == .structGetS ? .structGetFieldS8 : .structGetField
            case FieldCode.i16: ins.opcode == .structGetS ? .structGetFieldS16 : .structGetField
            default: nil
            }
            if let form {
                return emitFieldAccess(op(form, dst), pair(a, Int(truncatingIfNeeded: imm & 0xFFFF_FFFF)))
            }
        case .structSet:
            let fields = try structFields(t)
            _ = try fieldWord(fields, ins.index2, &imm)
            b = try pop()
            a = try pop()
            // The threaded forms (w1 = a | b << 32, w2 = the field's slot): a 64-bit field takes
            // the value as it is, the others its low 32, 16 or 8 bits (as `FieldCode.pack`).
            let form: ThreadedOp? = switch (imm >> 32) & 0xFF {
            case FieldCode.full: .structSetField
            case FieldCode.bits32: .structSetField32
            case FieldCode.i16: .structSetField16
            case FieldCode.i8: .structSetField8
            default: nil
            }
            if let form {
                return emitFieldAccess(op(form, 0), pair(a, b), imm & 0xFFFF_FFFF)
            }
        case .arrayNew:
            let element = try arrayElement(t)
            b = try pop()
            a = try pop()
            dst = push(1)
            linkedWord = 4
            try emitSmallArrayNew(.arrayNewSmall, element, type: t, value: a, count: b, dst: dst)
        case .arrayNewDefault:
            let element = try arrayElement(t)
            a = try pop()
            dst = push(1)
            linkedWord = 4
            try emitSmallArrayNew(.arrayNewSmallDefault, element, type: t, value: 0, count: a, dst: dst)
        case .arrayLen:
            a = try pop()
            dst = push(1)
            return emitFieldAccess(op(.arrayLength, dst), UInt64(a))
        case .refI31, .i31GetS, .i31GetU:
            a = try pop()
            dst = push(1)
            let form: ThreadedOp = ins.opcode == .refI31 ? .refI31 : ins.opcode == .i31GetS ? .i31GetS : .i31GetU
            return emitFieldAccess(op(form, dst), UInt64(a))
        case .arrayNewFixed:
            let element = try arrayElement(t)
            let count = Int(ins.index2)
            try materializeTop(count)
            a = height - count * slotSize(element.storage.unpacked)
            try popAll(count)
            dst = push(1)
            w1High = UInt64(ins.index2)
            linkedWord = 4
            try emitSmallArrayNew(.arrayNewFixedSmall, element, type: t, value: a, count: count, dst: dst)
        case .arrayNewData, .arrayNewElem:
            _ = try arrayElement(t)
            b = try pop()
            a = try pop()
            dst = push(1)
            w1High = UInt64(ins.index2)
            linkedWord = 4
        case .arrayGet, .arrayGetS, .arrayGetU:
            let element = try arrayElement(t)
            b = try pop()
            a = try pop()
            dst = push(element.storage.unpacked)
            if let form = Self.arrayGetForm(element.storage, signed: ins.opcode == .arrayGetS) {
                return emitFieldAccess(op(form, dst), pair(a, b))
            }
        case .arraySet:
            let element = try arrayElement(t)
            c = try pop()
            b = try pop()
            a = try pop()
            if let form = Self.arraySetForm(element.storage) {
                return emitFieldAccess(op(form, 0), pair(a, b), UInt64(c))
            }
        case .arrayFill:
            d = try pop()
            c = try pop()
            b = try pop()
            a = try pop()
        case .arrayCopy:
            imm = UInt64(try pop())
            d = try pop()
            c = try pop()
            b = try pop()
            a = try pop()
        case .arrayInitData, .arrayInitElem:
            d = try pop()
            c = try pop()
            b = try pop()
            a = try pop()
            imm = UInt64(ins.index2)
        case .refEq:
            b = try pop()
            a = try pop()
            dst = push(1)
            return emitFieldAccess(op(.refEq, dst), pair(a, b))
        case .refTest, .refTestNull:
            a = try pop()
            dst = push(1)
            imm = GCHeapTypeCode.encode(ins.heapType, nullable: ins.opcode == .refTestNull)
        case .refCast, .refCastNull:
            try materialize(stack.count - 1)
            a = height - 1
            dst = a
            imm = GCHeapTypeCode.encode(ins.heapType, nullable: ins.opcode == .refCastNull)
        case .brOnCast, .brOnCastFail:
            try materialize(stack.count - 1)
            a = height - 1
            dst = push(1)
            imm = GCHeapTypeCode.encode(ins.heapType, nullable: ins.index2 & 2 != 0)
        default:
            throw TranslationError(message: "instruction \(ins.opcode.name) is not supported by the interpreter")
        }
        if Self.isCast(ins.opcode) {
            if ins.heapType.typeIndex != nil { linkedWord = 3 }
            try emitThreadedCast(ins.opcode, ins.heapType, a: a, dst: dst, imm: imm)
        }
        emit(op(.gc, dst))
        emit(UInt64(ins.opcode.wordTag) | w1High << 32)
        emit(pair(a, b))
        if linkedWord == 3, let target = ins.heapType.typeIndex {
            try emitLink(.typeID, target)
        } else {
            emit(pair(c, d))
        }
        if linkedWord == 4 { try emitLink(.typeID, ins.index) } else { emit(imm) }
        // The result is not a value a `local.set` or a fused form could take over.
        lastProducer = nil
        lastFusable = nil
        if ins.opcode == .brOnCast || ins.opcode == .brOnCastFail || ins.opcode == .brOnCastDescEq
            || ins.opcode == .brOnCastDescEqFail {
            let condition = try popCondition()
            try emitConditionalBranch(depth: ins.index, condition: condition)
        }
    }

    /// Emits a struct field or array element access the run loop does itself, as its own
    /// threaded instruction instead of a `gc` one (RunLoop.swift, `structGetField`, `arrayGet64`).
    private mutating func emitFieldAccess(_ words: UInt64...) {
        for word in words { emit(word) }
        lastProducer = nil
        lastFusable = nil
    }

    /// Emits `structNewSmall` or `structNewSmallDefault` ahead of the `gc` `struct.new` of type
    /// `type` (fields `fields`, from slot `a`) when the struct takes 1 ... `GCHeap.spareSizes`
    /// slots and has no descriptor: it allocates from the heap's free indices and spare
    /// storage without the store and skips the `gc` instruction, or leaves the allocation to it
    /// (a collection due, the limit, nothing at hand). w3 holds each slot's `FieldCode` (a byte
    /// per slot, 0 for a slot kept whole).
    private mutating func emitSmallStructNew(
        _ form: ThreadedOp, _ fields: [FieldType], type: Int, a: Int, dst: Int
    ) throws(TranslationError) {
        guard type < definedTypes.count, definedTypes[type].descriptor == nil else { return }
        var packing: UInt64 = 0, slots = 0
        for f in fields {
            let code = FieldCode.of(f.storage)
            if slots < 8, code != FieldCode.full, code != FieldCode.v128 {
                packing |= code << UInt64(slots * 8)
            }
            slots += slotSize(f.storage.unpacked)
        }
        guard slots >= 1, slots <= GCHeap.spareSizes else { return }
        emit(op(form, dst))
        emit(UInt64(a) | UInt64(slots) << 32)
        try emitLink(.typeID, UInt32(type))
        emit(packing)
    }

    /// Emits `arrayNewSmall` or `arrayNewSmallDefault` ahead of the `gc` `array.new` of type
    /// `type` (the value in slot `value`, the count in slot `count`) for elements 1, 2, 4 or 8
    /// bytes wide: an array whose elements take 1 ... `GCHeap.spareSizes` slots is made without
    /// the store as `structNewSmall` makes a struct, and the `gc` instruction skipped; other
    /// counts and anything unusual fall through to it. `arrayNewFixedSmall` (`array.new_fixed`)
    /// takes the values from slot `value` on and the count itself in place of its slot, and is
    /// emitted only when the array takes 1 ... `GCHeap.spareSizes` slots.
    private mutating func emitSmallArrayNew(
        _ form: ThreadedOp, _ element: FieldType, type: Int, value: Int, count: Int, dst: Int
    ) throws(TranslationError) {
        // v128 elements (16 bytes) stay with the `gc` instruction.
        let width = Store.byteSize(element.storage)
        guard width <= 8 else { return }
        if form == .arrayNewFixedSmall {
            let slots = (count * width + 7) / 8
            guard slots >= 1, slots <= GCHeap.spareSizes else { return }
        }
        emit(op(form, dst))
        emit(pair(value, count))
        try emitLink(.typeID, UInt32(type))
        emit(UInt64(width))
    }

    /// Emits `castObject` (a concrete struct or array type) or `castAbstract` (any, eq, i31,
    /// struct or array) ahead of the `gc` cast (`ref.test`, `ref.cast`, `br_on_cast`,
    /// `br_on_cast_fail`) to `heapType`, whose `GCHeapTypeCode` word is `imm`: it answers the cast
    /// and skips the `gc` instruction, or leaves it (a failing `ref.cast`, a type the store's
    /// supertype chains do not hold yet) to it. Other targets get nothing.
    private mutating func emitThreadedCast(
        _ opcode: Opcode, _ heapType: HeapType, a: Int, dst: Int, imm: UInt64
    ) throws(TranslationError) {
        var mode: UInt64 = imm & GCHeapTypeCode.nullableFlag != 0 ? 8 : 0
        if opcode == .refCast || opcode == .refCastNull { mode |= 2 }
        if opcode == .brOnCastFail { mode |= 4 }
        if let target = heapType.typeIndex {
            guard Int(target) < definedTypes.count else { return }
            switch definedTypes[Int(target)].composite {
            case .struct, .array: break
            default: return
            }
            if imm & GCHeapTypeCode.exactFlag != 0 { mode |= 1 }
            emit(op(.castObject, dst))
            emit(UInt64(a) | mode << 32)
            try emitLink(.typeID, target)
        } else {
            guard let code = GCHeapTypeCode.abstractTypes.firstIndex(of: heapType),
                  [AbstractCastTarget.any, AbstractCastTarget.eq, AbstractCastTarget.i31, AbstractCastTarget.struct,
                   AbstractCastTarget.array].contains(code) else { return }
            emit(op(.castAbstract, dst))
            emit(UInt64(a) | mode << 32)
            emit(UInt64(code))
        }
    }

    /// The threaded `array.get` of elements of storage `storage` (`arrayGet64` ...
    /// `arrayGet8S`; nil for v128, which stays a `gc` instruction). w0 = op | dst, w1 = the
    /// array's slot | the index's slot.
    private static func arrayGetForm(_ storage: StorageType, signed: Bool) -> ThreadedOp? {
        switch storage {
        case .i8: return signed ? .arrayGet8S : .arrayGet8U
        case .i16: return signed ? .arrayGet16S : .arrayGet16U
        case .value(.v128): return nil
        case .value(.i32), .value(.f32): return .arrayGet32
        case .value: return .arrayGet64
        }
    }

    /// The threaded `array.set` of elements of storage `storage` (nil for v128). w0 = op,
    /// w1 = the array's slot | the index's slot, w2 = the value's slot.
    private static func arraySetForm(_ storage: StorageType) -> ThreadedOp? {
        switch storage {
        case .i8: return .arraySet8
        case .i16: return .arraySet16
        case .value(.v128): return nil
        case .value(.i32), .value(.f32): return .arraySet32
        case .value: return .arraySet64
        }
    }

    private static func isCast(_ opcode: Opcode) -> Bool {
        switch opcode {
        case .refTest, .refTestNull, .refCast, .refCastNull, .brOnCast, .brOnCastFail: return true
        default: return false
        }
    }

    /// Field `index` of `fields` as w4 of `struct.get`/`struct.set` (its first slot |
    /// `FieldCode` << 32 | index << 40); returns its storage.
    private func fieldWord(_ fields: [FieldType], _ index: UInt32, _ word: inout UInt64) throws(TranslationError) -> StorageType {
        guard Int(index) < fields.count else { throw TranslationError(message: "unknown field") }
        var offset = 0
        for f in fields.prefix(Int(index)) { offset += slotSize(f.storage.unpacked) }
        let storage = fields[Int(index)].storage
        word = UInt64(offset) | FieldCode.of(storage) << 32 | UInt64(index) << 40
        return storage
    }

    private func structFields(_ index: Int) throws(TranslationError) -> [FieldType] {
        guard index < definedTypes.count, case .struct(let fields) = definedTypes[index].composite else {
            throw TranslationError(message: "type \(index) is not a struct type")
        }
        return fields
    }

    private func arrayElement(_ index: Int) throws(TranslationError) -> FieldType {
        guard index < definedTypes.count, case .array(let element) = definedTypes[index].composite else {
            throw TranslationError(message: "type \(index) is not an array type")
        }
        return element
    }
}

/// A cast's target heap type and flags in one word: a concrete type's index, or an abstract
/// heap type's code | `abstractFlag`; `nullableFlag` when null passes (`br_on_cast_fail`'s
/// inverted test follows from its opcode).
enum GCHeapTypeCode {
    static let abstractFlag: UInt64 = 1 << 40
    static let nullableFlag: UInt64 = 1 << 48
    /// The target is the exact form of its type (custom-descriptors proposal).
    static let exactFlag: UInt64 = 1 << 49
    static let abstractTypes: [HeapType] = [
        .function, .extern, .exception, .any, .eq, .i31, .struct, .array, .none, .noFunction, .noExtern, .noException,
    ]

    static func encode(_ heapType: HeapType, nullable: Bool) -> UInt64 {
        var word: UInt64
        if let i = heapType.typeIndex {
            word = UInt64(i) | (heapType.isExact ? exactFlag : 0)
        } else {
            word = abstractFlag | UInt64(abstractTypes.firstIndex(of: heapType) ?? 0)
        }
        if nullable { word |= nullableFlag }
        return word
    }

    /// The heap type of a word `encode` made.
    static func heapType(_ word: UInt64) -> HeapType {
        let low = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: word))
        if word & abstractFlag == 0 {
            let index = UInt32(truncatingIfNeeded: low)
            return word & exactFlag != 0 ? .exact(index) : .concrete(index)
        }
        return low < abstractTypes.count ? abstractTypes[low] : .none
    }
}
