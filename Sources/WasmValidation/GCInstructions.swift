import WasmBinary

/// Typing of the GC instructions (prefix 0xFB): structs, arrays, casts, i31 and the any/extern
/// conversions.
extension FunctionValidator {
    mutating func validateGC(_ ins: Instruction) throws {
        guard ctx.features.contains(.gc) else {
            throw DecodeError("illegal opcode fb (\(ins.opcode.name): the gc feature is off)", offset: ins.offset)
        }
        switch ins.opcode {
        case .structNew, .structNewDesc:
            let (t, fields) = try structType(ins.index)
            try checkAllocation(t, ins, withDescriptor: ins.opcode == .structNewDesc)
            if ins.opcode == .structNewDesc { try pop(ctx.descriptorOperand(t)) }
            try pop(fields)
            push(ctx.newRef(t))
        case .structNewDefault, .structNewDefaultDesc:
            let (t, fields) = try structType(ins.index)
            try checkAllocation(t, ins, withDescriptor: ins.opcode == .structNewDefaultDesc)
            for i in 0..<Int(fields.count) where !defaultable(ctx.type(fields, i)) {
                throw error("type mismatch: field \(i) of type \(ins.index) is not defaultable")
            }
            if ins.opcode == .structNewDefaultDesc { try pop(ctx.descriptorOperand(t)) }
            push(ctx.newRef(t))
        case .refGetDesc:
            try checkCustomDescriptors(ins)
            // Only struct types have descriptors.
            let t = try typeIndex(ins.index)
            guard let y = ctx.descriptor(of: t) else { throw error("type without descriptor \(ins.index)") }
            // Exact when the operand is known to be exactly of type t.
            let exact = vals.count == height || ctx.matches(vals[vals.count - 1], ctx.typeRef(t, nullable: true).withExact(true))
            try pop(ctx.typeRef(t, nullable: true).withExact(exact))
            push(ctx.typeRef(y, nullable: false).withExact(exact))
        case .refCastDescEq, .refCastDescEqNull:
            try checkCustomDescriptors(ins)
            let target = try heapRef(ins.heapType, nullable: ins.opcode == .refCastDescEqNull)
            let descriptor = try descriptorOperand(ins.heapType)
            guard let top = target.topRef else { throw mismatch() }
            try pop(descriptor)
            try pop(top)
            push(target)
        case .structGet, .structGetS, .structGetU:
            let (t, fields) = try structType(ins.index)
            let position = try field(fields, ins.index2)
            try checkPacking(position, ins.opcode != .structGet)
            try pop(ctx.typeRef(t, nullable: true))
            push(ctx.arena[position])
        case .structSet:
            let (t, fields) = try structType(ins.index)
            let position = try field(fields, ins.index2)
            guard ctx.fieldFlag(position) & FieldFlags.mutable != 0 else { throw error("immutable field") }
            try pop(ctx.arena[position])
            try pop(ctx.typeRef(t, nullable: true))

        case .arrayNew:
            let (t, element) = try arrayType(ins.index)
            try pop(.i32)
            try pop(ctx.arena[element])
            push(ctx.newRef(t))
        case .arrayNewDefault:
            let (t, element) = try arrayType(ins.index)
            guard defaultable(ctx.arena[element]) else {
                throw error("type mismatch: the element type of type \(ins.index) is not defaultable")
            }
            try pop(.i32)
            push(ctx.newRef(t))
        case .arrayNewFixed:
            let (t, element) = try arrayType(ins.index)
            guard Int(ins.index2) <= ValidationLimits.maxArrayNewFixedOperands else {
                throw error("array.new_fixed has too many operands (implementation limit \(ValidationLimits.maxArrayNewFixedOperands))")
            }
            let e = ctx.arena[element]
            for _ in 0..<Int(ins.index2) { try pop(e) }
            push(ctx.newRef(t))
        case .arrayNewData:
            let (t, element) = try arrayType(ins.index)
            try checkNumericElement(element)
            try data(ins.index2)
            try pop(.i32)
            try pop(.i32)
            push(ctx.newRef(t))
        case .arrayNewElem:
            let (t, element) = try arrayType(ins.index)
            let segment = try self.element(ins.index2)
            guard ctx.matches(segment, ctx.arena[element]) else { throw mismatch() }
            try pop(.i32)
            try pop(.i32)
            push(ctx.newRef(t))
        case .arrayGet, .arrayGetS, .arrayGetU:
            let (t, element) = try arrayType(ins.index)
            try checkPacking(element, ins.opcode != .arrayGet)
            try pop(.i32)
            try pop(ctx.typeRef(t, nullable: true))
            push(ctx.arena[element])
        case .arraySet:
            let (t, element) = try mutableArrayType(ins.index)
            try pop(ctx.arena[element])
            try pop(.i32)
            try pop(ctx.typeRef(t, nullable: true))
        case .arrayLen:
            try pop(.ref(.array, nullable: true))
            push(.i32)
        case .arrayFill:
            let (t, element) = try mutableArrayType(ins.index)
            try pop(.i32)
            try pop(ctx.arena[element])
            try pop(.i32)
            try pop(ctx.typeRef(t, nullable: true))
        case .arrayCopy:
            let (dst, dstElement) = try mutableArrayType(ins.index)
            let (src, srcElement) = try arrayType(ins.index2)
            let dstFlags = ctx.fieldFlag(dstElement) & FieldFlags.packed
            let srcFlags = ctx.fieldFlag(srcElement) & FieldFlags.packed
            guard dstFlags == srcFlags, ctx.matches(ctx.arena[srcElement], ctx.arena[dstElement]) else {
                throw error("array types do not match")
            }
            try pop(.i32)
            try pop(.i32)
            try pop(ctx.typeRef(src, nullable: true))
            try pop(.i32)
            try pop(ctx.typeRef(dst, nullable: true))
        case .arrayInitData:
            let (t, element) = try mutableArrayType(ins.index)
            try checkNumericElement(element)
            try data(ins.index2)
            try pop(.i32)
            try pop(.i32)
            try pop(.i32)
            try pop(ctx.typeRef(t, nullable: true))
        case .arrayInitElem:
            let (t, element) = try mutableArrayType(ins.index)
            let segment = try self.element(ins.index2)
            guard ctx.matches(segment, ctx.arena[element]) else { throw mismatch() }
            try pop(.i32)
            try pop(.i32)
            try pop(.i32)
            try pop(ctx.typeRef(t, nullable: true))

        case .refTest, .refTestNull, .refCast, .refCastNull:
            let nullable = ins.opcode == .refTestNull || ins.opcode == .refCastNull
            let target = try heapRef(ins.heapType, nullable: nullable)
            guard let top = target.topRef else { throw mismatch() }
            try pop(top)
            push(ins.opcode == .refTest || ins.opcode == .refTestNull ? .i32 : target)

        case .brOnCast, .brOnCastFail, .brOnCastDescEq, .brOnCastDescEqFail:
            let withDescriptor = ins.opcode == .brOnCastDescEq || ins.opcode == .brOnCastDescEqFail
            if withDescriptor { try checkCustomDescriptors(ins) }
            let f = try label(ins.index)
            let source = try heapRef(ins.heapType2, nullable: ins.index2 & 1 != 0)
            let target = try heapRef(ins.heapType, nullable: ins.index2 & 2 != 0)
            if ctx.features.contains(.customDescriptors) {
                // The proposal relaxes `target <: source` to a common top type.
                guard target.topRef == source.topRef else {
                    throw error("type mismatch on cast: the cast's target and source types have different top types")
                }
            } else {
                guard ctx.matches(target, source) else {
                    throw error("type mismatch: the cast's target type is not a subtype of its source type")
                }
            }
            // The type that fails the cast: the source without null when the target takes it.
            let rest = target.isNullable ? source.withNullable(false) : source
            let branchesOnMatch = ins.opcode == .brOnCast || ins.opcode == .brOnCastDescEq
            let taken = branchesOnMatch ? target : rest
            let kept = branchesOnMatch ? rest : target
            let types = ctrls[f].labelTypes
            guard types.count > 0, ctx.matches(taken, ctx.type(types, Int(types.count) - 1)) else {
                throw mismatch()
            }
            if withDescriptor { try pop(try descriptorOperand(ins.heapType)) }
            try pop(source)
            let prefix = TypeList(base: types.base, count: types.count - 1)
            try popPush(prefix)
            push(kept)

        case .anyConvertExtern:
            let r = try popRef()
            guard ctx.matches(r, .externref) else { throw mismatch() }
            push(.ref(.any, nullable: r.isNullable))
        case .externConvertAny:
            let r = try popRef()
            guard ctx.matches(r, .ref(.any, nullable: true)) else { throw mismatch() }
            push(.ref(.extern, nullable: r.isNullable))
        case .refI31:
            try pop(.i32)
            push(.ref(.i31, nullable: false))
        case .i31GetS, .i31GetU:
            try pop(.ref(.i31, nullable: true))
            push(.i32)
        default:
            throw error("unsupported instruction \(ins.opcode.name)")
        }
    }

    /// The custom-descriptors instructions are "illegal opcode" without the proposal.
    private func checkCustomDescriptors(_ ins: Instruction) throws {
        guard ctx.features.contains(.customDescriptors) else {
            throw DecodeError("illegal opcode fb (\(ins.opcode.name): the custom-descriptors feature is off)", offset: ins.offset)
        }
    }

    /// `struct.new(_default)` of a type with a descriptor, or `struct.new(_default)_desc` of one
    /// without, is invalid.
    private mutating func checkAllocation(_ t: Int, _ ins: Instruction, withDescriptor: Bool) throws {
        if withDescriptor { try checkCustomDescriptors(ins) }
        if let message = ctx.allocationMismatch(t, withDescriptor: withDescriptor) { throw error(message) }
    }

    /// The descriptor operand of a descriptor cast to heap type `h`: `(ref null (exact? y))` of
    /// the descriptor type y of h's type, exact when h is.
    private mutating func descriptorOperand(_ h: HeapType) throws -> ValType {
        guard let x = h.typeIndex, Int(x) < ctx.typeCount, let y = ctx.descriptor(of: Int(x)) else {
            throw error("type \(h) does not have a descriptor")
        }
        return ctx.typeRef(y, nullable: true).withExact(h.isExact)
    }

    /// A struct type index: the index and the arena list of its unpacked field types.
    private mutating func structType(_ index: UInt32) throws -> (Int, TypeList) {
        let t = try typeIndex(index)
        guard ctx.typeKinds[t] == .struct else { throw error("type mismatch: type \(index) is not a struct type") }
        return (t, ctx.typeFields[Int(ctx.canonical[t])])
    }

    /// An array type index: the index and the arena position of its unpacked element type.
    private mutating func arrayType(_ index: UInt32) throws -> (Int, Int) {
        let t = try typeIndex(index)
        guard ctx.typeKinds[t] == .array else { throw error("type mismatch: type \(index) is not an array type") }
        return (t, Int(ctx.typeFields[Int(ctx.canonical[t])].base))
    }

    private mutating func mutableArrayType(_ index: UInt32) throws -> (Int, Int) {
        let (t, element) = try arrayType(index)
        guard ctx.fieldFlag(element) & FieldFlags.mutable != 0 else { throw error("immutable array") }
        return (t, element)
    }

    /// The arena position of field `index` of a struct's fields.
    private mutating func field(_ fields: TypeList, _ index: UInt32) throws -> Int {
        guard index < fields.count else { throw error("unknown field \(index)") }
        return Int(fields.base) + Int(index)
    }

    /// `get_s`/`get_u` need a packed field or element, plain `get` an unpacked one.
    private mutating func checkPacking(_ position: Int, _ signed: Bool) throws {
        let packed = ctx.fieldFlag(position) & FieldFlags.packed != 0
        if packed && !signed { throw error("type mismatch: field is packed") }
        if !packed && signed { throw error("type mismatch: field is not packed") }
    }

    /// `array.new_data` and `array.init_data`: the element type is numeric, vector or packed.
    private mutating func checkNumericElement(_ position: Int) throws {
        if ctx.arena[position].isRef { throw error("array type is not numeric or vector") }
    }

    /// Whether locals, fields and elements of type `t` have a default value.
    private func defaultable(_ t: ValType) -> Bool {
        !t.isRef || t.isNullable
    }

    /// A heap type immediate as a reference type.
    private mutating func heapRef(_ h: HeapType, nullable: Bool) throws -> ValType {
        guard let t = ctx.heapRef(h, nullable: nullable) else {
            throw unknownType(.ref(RefType(nullable: nullable, heapType: h)))
        }
        return t
    }
}
