import WasmBinary
import WasmValidation

extension Store {
    /// Instantiates a module (see `instantiate(_:imports:)`).
    func instantiateModule(
        _ validated: ValidatedModule,
        imports resolve: (String, String) -> ExternalValue?
    ) throws(InstantiationError) -> Instance {
        let module = validated.module
        let instance = Instance(module: validated, index: instances.count)
        instance.typeIDs = typeRegistry.canonicalize(module)
        castTypes.sync(typeRegistry)

        // 1. Imports.
        for imp in module.imports {
            guard let value = resolve(imp.module, imp.name) else {
                throw InstantiationError.unknownImport(module: imp.module, name: imp.name)
            }
            try link(imp, value, module: module, into: instance)
        }
        instances.append(instance)

        // 2. Definitions. Each type is interned once, not once per function.
        // The functions share one description object; their records differ only by type.
        let typeRecords = module.types.enumerated().map { i, type in
            Self.newRecord(type, context: instance.context, typeID: instance.typeIDs[i])
        }
        let defined = DefinedFunctions(module: module, instanceIndex: instance.index,
                                       firstIndex: UInt32(truncatingIfNeeded: instance.functionAddresses.count))
        instance.functionAddresses.append(contentsOf: addDefinedFunctions(
            defined, typeIndices: module.functionTypeIndices, typeRecords: typeRecords))
        for memType in module.memories {
            guard let box = MemoryBox(type: memType, budget: memoryBudget) else {
                throw InstantiationError.resourceLimit("cannot allocate memory of \(memType.limits.min) pages")
            }
            memories.append(box)
            instance.memoryAddresses.append(memories.count - 1)
        }
        for tag in module.tags {
            tags.append(module.types[Int(tag.typeIndex)])
            tagTypeIDs.append(instance.typeIDs[Int(tag.typeIndex)])
            instance.tagAddresses.append(tags.count - 1)
        }
        // Globals may refer to earlier globals and to functions: evaluate in order.
        for global in module.globals {
            let box = GlobalBox(type: global.type)
            box.heapTypeID = heapTypeID(global.type.valueType, instance)
            let v = try evaluate(global.initializer, instance: instance)
            box.slots[0] = v.lo
            box.slots[1] = v.hi
            globals.append(box)
            instance.globalAddresses.append(globals.count - 1)
        }
        for table in module.tables {
            var initial: UInt64 = 0
            if let expr = table.initializer { initial = try evaluate(expr, instance: instance).lo }
            guard let box = TableBox(type: table.type, initial: initial, budget: tableBudget) else {
                throw tableAllocationFailure(table.type)
            }
            box.heapTypeID = heapTypeID(.ref(table.type.elementType), instance)
            tables.append(box)
            instance.tableAddresses.append(tables.count - 1)
        }
        instance.bindContext(store: self)

        // 3. Exports.
        instance.exports.reserveCapacity(module.exports.count)
        instance.exportLookup.reserveCapacity(module.exports.count)
        for export in module.exports {
            let i = Int(export.index)
            switch export.kind {
            case .function: instance.addExport(export.name, .function(FunctionAddress(index: instance.functionAddresses[i])))
            case .table: instance.addExport(export.name, .table(TableAddress(index: instance.tableAddresses[i])))
            case .memory: instance.addExport(export.name, .memory(MemoryAddress(index: instance.memoryAddresses[i])))
            case .global: instance.addExport(export.name, .global(GlobalAddress(index: instance.globalAddresses[i])))
            case .tag: instance.addExport(export.name, .tag(TagAddress(index: instance.tagAddresses[i])))
            }
        }

        // 4. Element segments, then data segments, in order; a failure leaves earlier effects.
        for segment in module.elements {
            var items: [UInt64] = []
            items.reserveCapacity(segment.itemCount)
            if let functions = segment.functionItems {
                // What `evaluate` gives for a `ref.func` item, with the same error.
                let addresses = instance.functionAddresses
                for item in functions {
                    guard Int(item.index) < addresses.count else {
                        throw InstantiationError.resourceLimit("unknown function \(item.index) in constant expression")
                    }
                    items.append(UInt64(addresses[Int(item.index)]) + 1)
                }
            } else {
                for item in segment.items { items.append(try evaluate(item, instance: instance).lo) }
            }
            instance.elementSegments.append(items)
        }
        instance.droppedData = Array(repeating: false, count: module.data.count)
        for (i, segment) in module.elements.enumerated() {
            switch segment.mode {
            case .passive:
                break
            case .declarative:
                instance.elementSegments[i] = []
            case .active(let table, let offsetExpr):
                let offset = try evaluate(offsetExpr, instance: instance).lo
                let items = instance.elementSegments[i]
                let state = tables[instance.tableAddresses[Int(table)]].state
                guard offset <= state.pointee.count, state.pointee.count - offset >= UInt64(items.count) else {
                    throw InstantiationError.trap(.outOfBoundsTableAccess)
                }
                for (k, item) in items.enumerated() { state.pointee.elements[Int(offset) + k] = item }
                instance.elementSegments[i] = []
            }
        }
        for (i, segment) in module.data.enumerated() {
            guard case .active(let memory, let offsetExpr) = segment.mode else { continue }
            let offset = try evaluate(offsetExpr, instance: instance).lo
            let state = memories[instance.memoryAddresses[Int(memory)]].state
            let count = UInt64(segment.bytes.count)
            guard offset <= state.pointee.byteCount, state.pointee.byteCount - offset >= count else {
                throw InstantiationError.trap(.outOfBoundsMemoryAccess)
            }
            module.bytes.withUnsafeBytes { raw in
                if let src = raw.baseAddress, count > 0 {
                    FreshPages.copy(to: state.pointee.base.advanced(by: Int(offset)),
                                    from: src.advanced(by: segment.bytes.lowerBound), count: Int(count))
                }
            }
            instance.droppedData[i] = true
        }

        // 5. Start function.
        if let start = module.start {
            let address = FunctionAddress(index: instance.functionAddresses[Int(start)])
            do throws(TrapCode) {
                _ = try invoke(address, [])
            } catch {
                throw InstantiationError.trap(error)
            }
        }
        return instance
    }

    /// Checks an import's value against its declaration and records it in the instance.
    private func link(_ imp: Import, _ value: ExternalValue, module: Module, into instance: Instance) throws(InstantiationError) {
        func incompatible(_ detail: String) -> InstantiationError {
            .incompatibleImportType(module: imp.module, name: imp.name, detail: detail)
        }
        switch (imp.descriptor, value) {
        case (.function(let typeIndex), .function(let f)):
            guard f.index >= 0, f.index < functions.count else { throw incompatible("no such function") }
            // An exact import (custom-descriptors proposal) takes only a function of exactly its type.
            guard Int(typeIndex) < instance.typeIDs.count,
                  imp.exact ? Int(records[f.index].typeID) == instance.typeIDs[Int(typeIndex)]
                      : typeRegistry.isSubtype(Int(records[f.index].typeID), instance.typeIDs[Int(typeIndex)])
            else { throw incompatible("function type mismatch") }
            instance.functionAddresses.append(f.index)
        case (.table(let type), .table(let t)):
            guard t.index >= 0, t.index < tables.count else { throw incompatible("no such table") }
            let box = tables[t.index]
            let expectedID = heapTypeID(.ref(type.elementType), instance)
            guard refTypeMatches(box.type.elementType, box.heapTypeID, type.elementType, expectedID),
                  refTypeMatches(type.elementType, expectedID, box.type.elementType, box.heapTypeID),
                  box.type.limits.is64 == type.limits.is64,
                  limitsMatch(current: box.state.pointee.count, max: box.state.pointee.maxCount,
                              hasMax: box.type.limits.max != nil, expected: type.limits)
            else { throw incompatible("table type mismatch") }
            instance.tableAddresses.append(t.index)
        case (.memory(let type), .memory(let m)):
            guard m.index >= 0, m.index < memories.count else { throw incompatible("no such memory") }
            let box = memories[m.index]
            guard box.type.limits.is64 == type.limits.is64, box.type.limits.shared == type.limits.shared,
                  box.type.pageSizeLog2 == type.pageSizeLog2,
                  limitsMatch(current: box.state.pointee.pageCount, max: box.state.pointee.maxPages,
                              hasMax: box.type.limits.max != nil, expected: type.limits)
            else { throw incompatible("memory type mismatch") }
            instance.memoryAddresses.append(m.index)
        case (.global(let type), .global(let g)):
            guard g.index >= 0, g.index < globals.count else { throw incompatible("no such global") }
            let actual = globals[g.index].type
            let actualID = globals[g.index].heapTypeID, expectedID = heapTypeID(type.valueType, instance)
            guard actual.mutability == type.mutability else { throw incompatible("global mutability mismatch") }
            guard valueTypeMatches(actual.valueType, actualID, type.valueType, expectedID),
                  type.mutability == .constant || valueTypeMatches(type.valueType, expectedID, actual.valueType, actualID)
            else { throw incompatible("global type mismatch") }
            instance.globalAddresses.append(g.index)
        case (.tag(let tag), .tag(let t)):
            guard t.index >= 0, t.index < tags.count else { throw incompatible("no such tag") }
            guard Int(tag.typeIndex) < instance.typeIDs.count, t.index < tagTypeIDs.count,
                  tagTypeIDs[t.index] == instance.typeIDs[Int(tag.typeIndex)]
            else { throw incompatible("tag type mismatch") }
            instance.tagAddresses.append(t.index)
        default:
            throw incompatible("kind mismatch")
        }
    }

    private func limitsMatch(current: UInt64, max: UInt64, hasMax: Bool, expected: Limits) -> Bool {
        guard current >= expected.min else { return false }
        if let expectedMax = expected.max {
            guard hasMax, max <= expectedMax else { return false }
        }
        return true
    }

    /// The type id of a value type's concrete heap type in `instance`'s module, or -1.
    func heapTypeID(_ type: ValueType, _ instance: Instance) -> Int {
        guard case .ref(let r) = type, let i = r.heapType.typeIndex, Int(i) < instance.typeIDs.count else { return -1 }
        return instance.typeIDs[Int(i)]
    }

    /// Whether `actual` matches `expected`; each concrete heap type is given by its type id.
    private func valueTypeMatches(_ actual: ValueType, _ actualID: Int, _ expected: ValueType, _ expectedID: Int) -> Bool {
        guard case .ref(let a) = actual, case .ref(let e) = expected else { return actual == expected }
        return refTypeMatches(a, actualID, e, expectedID)
    }

    /// Evaluates a constant expression to its slot bits (v128 uses both halves).
    func evaluate(_ expr: ConstExpression, instance: Instance) throws(InstantiationError) -> (lo: UInt64, hi: UInt64) {
        // Nearly every expression is one instruction (a segment's offset, an element's
        // `ref.func`: CPython has 57,000 of them): no stack.
        if expr.instructions.count == 1, !Self.isGCConstant(expr.instructions[0].opcode) {
            return try operand(expr.instructions[0], instance: instance)
        }
        var stack: [(lo: UInt64, hi: UInt64)] = []
        for ins in expr.instructions {
            switch ins.opcode {
            case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul:
                guard stack.count >= 2 else { throw InstantiationError.resourceLimit("malformed constant expression") }
                let b = stack.removeLast().lo
                let a = stack.removeLast().lo
                var r: UInt64
                switch ins.opcode {
                case .i32Add, .i64Add: r = a &+ b
                case .i32Sub, .i64Sub: r = a &- b
                default: r = a &* b
                }
                if ins.opcode == .i32Add || ins.opcode == .i32Sub || ins.opcode == .i32Mul { r &= 0xFFFF_FFFF }
                stack.append((r, 0))
            case _ where Self.isGCConstant(ins.opcode):
                do throws(TrapCode) {
                    try evaluateGC(ins, stack: &stack, instance: instance)
                } catch {
                    throw InstantiationError.trap(error)
                }
            default:
                stack.append(try operand(ins, instance: instance))
            }
        }
        guard let result = stack.last else { throw InstantiationError.resourceLimit("empty constant expression") }
        return result
    }

    /// The value a constant instruction without operands pushes.
    private func operand(_ ins: Instruction, instance: Instance) throws(InstantiationError) -> (lo: UInt64, hi: UInt64) {
        switch ins.opcode {
        case .i32Const, .i64Const, .f32Const, .f64Const:
            return (ins.bits, 0)
        case .v128Const:
            return (ins.v128.lo, ins.v128.hi)
        case .refNull:
            return (0, 0)
        case .refFunc:
            guard Int(ins.index) < instance.functionAddresses.count else {
                throw InstantiationError.resourceLimit("unknown function \(ins.index) in constant expression")
            }
            return (UInt64(instance.functionAddresses[Int(ins.index)]) + 1, 0)
        case .globalGet:
            guard Int(ins.index) < instance.globalAddresses.count else {
                throw InstantiationError.resourceLimit("unknown global \(ins.index) in constant expression")
            }
            let box = globals[instance.globalAddresses[Int(ins.index)]]
            return (box.slots[0], box.slots[1])
        default:
            throw InstantiationError.resourceLimit("unsupported constant instruction \(ins.opcode.name)")
        }
    }
}
