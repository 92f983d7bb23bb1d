import WasmBinary

/// A host function's description.
final class HostFunction {
    let type: FunctionType
    let name: String
    let body: HostFunctionBody
    /// The same function in slot form, which calls from WebAssembly code use when it is there.
    let slots: SlotHostFunctionBody?

    init(type: FunctionType, name: String, body: @escaping HostFunctionBody, slots: SlotHostFunctionBody? = nil) {
        self.type = type
        self.name = name
        self.body = body
        self.slots = slots
    }
}

/// What the descriptions of one instance's defined functions need, shared by all of them: one
/// object per instance, not one per function (CPython's snapshot defines 89,060 functions, and
/// allocating an object for each was most of its instantiation).
final class DefinedFunctions {
    /// The owning instance's index in the store.
    let instanceIndex: Int
    /// The module's types and each defined function's index among them.
    let types: [FunctionType]
    let typeIndices: [UInt32]
    /// The module's function names (shared, not copied).
    let names: FunctionNames
    /// Index of the first defined function in the module's function index space (the
    /// imported functions come before it).
    let firstIndex: UInt32
    /// Each defined function's threaded code, once translated.
    var compiled: [CompiledCode?]

    init(module: Module, instanceIndex: Int, firstIndex: UInt32) {
        self.instanceIndex = instanceIndex
        types = module.types
        typeIndices = module.functionTypeIndices
        names = module.names
        self.firstIndex = firstIndex
        compiled = Array(repeating: nil, count: module.functionTypeIndices.count)
    }

    /// The type of defined function `index` (the module was validated: its type index exists).
    func type(_ index: Int) -> FunctionType { types[Int(typeIndices[index])] }

    /// The name for messages of defined function `index`: the name section's or `func[N]`
    /// (looked up only when a message needs it).
    func name(_ index: Int) -> String {
        let moduleIndex = firstIndex &+ UInt32(truncatingIfNeeded: index)
        return names[moduleIndex] ?? "func[\(moduleIndex)]"
    }
}

/// One function of a store: a host function, or defined function N of an instance.
enum FunctionEntry {
    case host(HostFunction)
    case defined(DefinedFunctions, Int)
}

/// A function's Swift-side description, as `Store.functions[address]` gives it (made on each
/// look-up from the store's entry; nothing per function is allocated at instantiation).
struct FunctionEntity {
    let entry: FunctionEntry

    var type: FunctionType {
        switch entry {
        case .host(let h): return h.type
        case .defined(let owner, let i): return owner.type(i)
        }
    }

    /// The host function's body, or nil for a module's function.
    var host: HostFunctionBody? {
        if case .host(let h) = entry { return h.body }
        return nil
    }

    /// The threaded code of a module's function once translated; nil before and for host functions.
    var compiled: CompiledCode? {
        if case .defined(let owner, let i) = entry { return owner.compiled[i] }
        return nil
    }

    /// Owning instance index for WebAssembly functions; -1 for host functions.
    var instanceIndex: Int {
        if case .defined(let owner, _) = entry { return owner.instanceIndex }
        return -1
    }

    /// Index among the module's defined functions; -1 for host functions.
    var definedIndex: Int {
        if case .defined(_, let i) = entry { return i }
        return -1
    }

    /// The name for messages: the host function's, the module's name section's, or `func[N]`.
    var name: String {
        switch entry {
        case .host(let h): return h.name
        case .defined(let owner, let i): return owner.name(i)
        }
    }
}

/// The functions of a store by address.
struct FunctionTable {
    private var entries: [FunctionEntry] = []

    var count: Int { entries.count }

    subscript(address: Int) -> FunctionEntity { FunctionEntity(entry: entries[address]) }

    /// The host function at `address`; nil for a module's function.
    func host(_ address: Int) -> HostFunction? {
        if case .host(let h) = entries[address] { return h }
        return nil
    }

    mutating func append(_ entry: FunctionEntry) { entries.append(entry) }

    /// Appends defined functions `0 ..< count` of `defined`.
    mutating func appendDefined(_ defined: DefinedFunctions, count: Int) {
        entries.append(contentsOf: (0 ..< count).lazy.map { FunctionEntry.defined(defined, $0) })
    }

    mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }
}
