import WasmBinary
import WasmValidation

/// An instantiated module: its functions, memories, tables, globals and tags in a store.
public final class Instance {
    /// The module it was made from.
    public let module: ValidatedModule
    /// Its exports, in the module's order.
    public internal(set) var exports: [(name: String, value: ExternalValue)] = []
    /// Exports by the bytes of their names: WebAssembly names are compared byte for byte,
    /// while Swift's `String` equality treats canonically equivalent Unicode as equal.
    var exportLookup: [ExportName: ExternalValue] = [:]
    /// Index in the store.
    let index: Int
    /// Store addresses by the module's index spaces (imports first).
    var functionAddresses: [Int] = []
    var memoryAddresses: [Int] = []
    var tableAddresses: [Int] = []
    var globalAddresses: [Int] = []
    var tagAddresses: [Int] = []
    /// The store's type id (`TypeRegistry`) of each of the module's types, by type index.
    @exclusivity(unchecked) var typeIDs: [Int] = []
    /// Element segments as slot values; emptied when dropped.
    var elementSegments: [[UInt64]] = []
    /// Whether each data segment was dropped.
    var droppedData: [Bool] = []
    /// The context the run loop uses for this instance's code.
    let context: UnsafeMutablePointer<InstanceContext>
    /// What shared code's linked words take in this instance (made at its first link).
    var linkValues: LinkValues?

    init(module: ValidatedModule, index: Int) {
        self.module = module
        self.index = index
        context = UnsafeMutablePointer<InstanceContext>.allocate(capacity: 1)
        context.initialize(to: InstanceContext(
            memories: UnsafeMutablePointer<UnsafeMutablePointer<MemoryState>>.allocate(capacity: 1),
            tables: UnsafeMutablePointer<UnsafeMutablePointer<TableState>>.allocate(capacity: 1),
            instanceIndex: index, memory0: nil))
    }

    deinit {
        context.pointee.memories.deallocate()
        context.pointee.tables.deallocate()
        context.deallocate()
    }

    /// The export with this name (compared byte for byte).
    public func export(_ name: String) -> ExternalValue? { exportLookup[ExportName(name)] }

    /// The exported function with this name.
    public func exportedFunction(_ name: String) -> FunctionAddress? {
        if case .function(let f)? = export(name) { return f }
        return nil
    }

    /// The exported memory with this name.
    public func exportedMemory(_ name: String) -> MemoryAddress? {
        if case .memory(let m)? = export(name) { return m }
        return nil
    }

    /// The exported global with this name.
    public func exportedGlobal(_ name: String) -> GlobalAddress? {
        if case .global(let g)? = export(name) { return g }
        return nil
    }

    /// The store address of the instance's memory with this index (imports first).
    public func memory(at index: Int) -> MemoryAddress? {
        guard index >= 0, index < memoryAddresses.count else { return nil }
        return MemoryAddress(index: memoryAddresses[index])
    }

    func addExport(_ name: String, _ value: ExternalValue) {
        exports.append((name, value))
        exportLookup[ExportName(name)] = value
    }

    /// Fills the context's pointer tables from the store (after memories and tables are known).
    func bindContext(store: Store) {
        let mems = UnsafeMutablePointer<UnsafeMutablePointer<MemoryState>>.allocate(capacity: max(memoryAddresses.count, 1))
        for (i, a) in memoryAddresses.enumerated() { (mems + i).initialize(to: store.memories[a].state) }
        let tabs = UnsafeMutablePointer<UnsafeMutablePointer<TableState>>.allocate(capacity: max(tableAddresses.count, 1))
        for (i, a) in tableAddresses.enumerated() { (tabs + i).initialize(to: store.tables[a].state) }
        context.pointee.memories.deallocate()
        context.pointee.tables.deallocate()
        context.pointee.memories = mems
        context.pointee.tables = tabs
        context.pointee.memory0 = memoryAddresses.isEmpty ? nil : store.memories[memoryAddresses[0]].state
    }
}

/// An export's name as the key of `Instance.exportLookup`: its UTF-8 bytes, compared byte for
/// byte, hashed in one call over the bytes (an array of bytes hashes each byte by itself, which
/// made building the lookup of a module with thousands of exports a visible part of an
/// instance's start).
struct ExportName: Hashable {
    let bytes: [UInt8]

    init(_ name: String) { bytes = Array(name.utf8) }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: ExportName, b: ExportName) -> Bool { a.bytes == b.bytes }
}
