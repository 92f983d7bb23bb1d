import WasmBinary

/// The parameter and result lists of a function type.
struct Signature: Sendable {
    var params: TypeList
    var results: TypeList
}

/// The facts of a module that the fast loop's handlers read, in plain buffers: read with no
/// bounds check, reference counting or exclusivity check per instruction (the handlers check
/// every index against the count themselves). Owned by a `FastTables`, which frees them; the
/// handlers' `RunState` holds a copy of this struct, so they reach a fact with one load.
struct ModuleFacts {
    /// `ModuleContext.arena`.
    let arena: UnsafeMutablePointer<ValType>
    /// The signature of each function (imports first).
    let functions: UnsafeMutablePointer<Signature>
    let functionCount: Int
    /// The signature of each type index.
    let types: UnsafeMutablePointer<Signature>
    let typeCount: Int
    /// `ModuleContext.globals`.
    let globals: UnsafeMutablePointer<GlobalInfo>
    let globalCount: Int
    /// `ModuleContext.tables`.
    let tables: UnsafeMutablePointer<TableInfo>
    let tableCount: Int
    /// The type index of each tag (`ModuleContext.tags`).
    let tags: UnsafeMutablePointer<UInt32>
    let tagCount: Int
    /// For each byte: the result list of the block type it encodes on its own
    /// (`FastTables.blockResultTable`).
    let blockResults: UnsafePointer<TypeList>
    /// Whether memory 0 exists and has 32-bit addresses (the loads and stores the handlers type).
    let memory0Is32: Bool
    /// `OpcodeTables.vectorRows` (the same for every module).
    let vectorRows: UnsafePointer<UInt64>
}

/// The module's facts for `FunctionValidator.runFast` (``ModuleFacts``), copied once per
/// validator, and the state of its handlers.
///
/// Immutable after `init` apart from `state`; the buffers are freed with the object.
final class FastTables {
    /// `count` of a `blockResults` row whose byte is not a one-byte block type.
    static let notABlockType = UInt32.max
    /// The module's facts.
    let facts: ModuleFacts
    /// The fast loop's handler table for this module (`RunHandlers.table`, or
    /// `RunHandlers.tableWithoutMemory32` when memory 0 is not a 32-bit memory).
    let handlers: UnsafeRawPointer
    /// The state of the fast loop's handlers (`RunState`), which `FunctionValidator.runFast`
    /// fills and reads; the only mutable part, used by the one validator that owns this object.
    let state: UnsafeMutablePointer<RunState>

    /// For each byte: the result list of the block type it encodes on its own (`0x40`, a value
    /// type such as `0x7F` or `0x69`), as the decoder reads it; `notABlockType` otherwise. The
    /// same for every module (one byte cannot name a type index's reference type), so made
    /// once per process.
    nonisolated(unsafe) static let blockResultTable: UnsafePointer<TypeList> = {
        let ctx = ModuleContext()
        let table = UnsafeMutablePointer<TypeList>.allocate(capacity: 256)
        for b in 0..<256 {
            var reader = ByteReader(bytes: [UInt8(b)])
            var results = TypeList(base: 0, count: notABlockType)
            switch try? reader.readBlockType() {
            case .empty?:
                results = .empty
            case .value(let t)? where reader.offset == 1:
                if let v = ctx.valType(t) {
                    let single = ctx.single(v)
                    if single.count == 1 { results = single }
                }
            default:
                break
            }
            table[b] = results
        }
        return UnsafePointer(table)
    }()

    init(_ ctx: ModuleContext) {
        let typeCount = ctx.typeCount
        let types = UnsafeMutablePointer<Signature>.allocate(capacity: max(typeCount, 1))
        for i in 0..<typeCount {
            // A struct or array type has parameters no stack holds: `call_indirect` of it goes
            // to the general paths, which report it.
            types[i] = ctx.isFunction(i) ? Signature(params: ctx.typeParams[i], results: ctx.typeResults[i])
                : Signature(params: TypeList(base: 0, count: UInt32.max), results: .empty)
        }
        let functionCount = ctx.functionTypes.count
        let functions = UnsafeMutablePointer<Signature>.allocate(capacity: max(functionCount, 1))
        for i in 0..<functionCount {
            // Every function's type index was checked against the type section.
            let t = Int(ctx.functionTypes[i])
            functions[i] = t < typeCount ? types[t] : Signature(params: .empty, results: .empty)
        }
        facts = ModuleFacts(arena: Self.copy(ctx.arena), functions: functions, functionCount: functionCount,
                            types: types, typeCount: typeCount,
                            globals: Self.copy(ctx.globals), globalCount: ctx.globals.count,
                            tables: Self.copy(ctx.tables), tableCount: ctx.tables.count,
                            tags: Self.copy(ctx.tags), tagCount: ctx.tags.count,
                            blockResults: Self.blockResultTable, memory0Is32: ctx.memories.first == false,
                            vectorRows: OpcodeTables.vectorRows)
        handlers = facts.memory0Is32 ? RunHandlers.table : RunHandlers.tableWithoutMemory32
        state = .allocate(capacity: 1)
        state.initialize(to: RunState(facts))
    }

    /// A buffer holding `values` (freed in `deinit` without deinitializing: `T` holds no references).
    private static func copy<T: BitwiseCopyable>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        p.initialize(from: values, count: values.count)
        return p
    }

    deinit {
        facts.arena.deallocate()
        facts.types.deallocate()
        facts.functions.deallocate()
        facts.globals.deallocate()
        facts.tables.deallocate()
        facts.tags.deallocate()
        state.deallocate()
    }
}
