import WasmBinary
import WasmValidation

/// What a word of translated code names in the instance that runs it. The translator reads
/// such a value only through `Translator.emitLink`, which records where it went (a
/// ``CodeLink``), so another instance's code is the same words with its own values there.
enum CodeLinkKind: UInt8 {
    /// The store address of function `index` (`call`, `return_call`).
    case functionAddress
    /// Function `index` as a reference value: its store address + 1 (`ref.func`).
    case functionReference
    /// The store's type ID of type `index` (`call_indirect`), clamped as `FunctionRecord.typeID`.
    case typeID
    /// The address of global `index`'s slots (`global.get`, `global.set`).
    case globalSlots
    /// The address of memory `index`'s `MemoryState`.
    case memoryState
    /// The store address of tag `index` (`throw`).
    case tagAddress
}

/// One word of translated code that holds an instance's value.
struct CodeLink {
    /// Word offset in the code.
    var position: Int
    var kind: CodeLinkKind
    /// The index in the module's index space (function, type, global, memory or tag).
    var index: UInt32
}

/// The translated code of one function as every instance of its module shares it: the words
/// one instance's translation produced (with that instance's values in the linked words, or 0
/// when translated for no instance), where the linked words are, and the catch clauses with
/// the module's tag indices. Kept in the module's ``WasmValidation/SharedModuleCode``.
///
/// `@unchecked Sendable`: the words are written only by `init`; afterwards instances on any
/// thread only read them (the instance that made the template runs them in place, the others
/// copy them and overwrite the linked words in their copy).
final class CodeTemplate: SharedModulePart, @unchecked Sendable {
    let words: UnsafeMutablePointer<UInt64>
    let count: Int
    /// In increasing position order.
    let links: [CodeLink]
    /// `tag` is the module's tag index (-1 for the catch-all kinds).
    let handlers: [ExceptionHandler]
    let frameSlots: Int32
    let localSlots: Int32

    /// A template holding a copy of `words`.
    init(words: [UInt64], links: [CodeLink], handlers: [ExceptionHandler], frameSlots: Int32, localSlots: Int32) {
        count = words.count
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: max(words.count, 1))
        words.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.initialize(from: base, count: source.count) }
        }
        self.words = buffer
        self.links = links
        self.handlers = handlers
        self.frameSlots = frameSlots
        self.localSlots = localSlots
    }

    deinit { words.deallocate() }
}

/// The facts about a module the translator reads, for its whole index spaces (imports first);
/// made once per module and shared like the code.
final class TranslationFacts: SharedModulePart {
    /// Type index of every function.
    let functionTypeIndices: [UInt32]
    /// Value type of every global.
    let globalTypes: [ValueType]
    /// Type index of every tag.
    let tagTypeIndices: [UInt32]

    init(module: Module) {
        var functions: [UInt32] = []
        var globals: [ValueType] = []
        var tags: [UInt32] = []
        for i in module.imports {
            switch i.descriptor {
            case .function(let typeIndex): functions.append(typeIndex)
            case .global(let type): globals.append(type.valueType)
            case .tag(let type): tags.append(type.typeIndex)
            case .memory, .table: break
            }
        }
        functions.append(contentsOf: module.functionTypeIndices)
        for g in module.globals { globals.append(g.type.valueType) }
        for t in module.tags { tags.append(t.typeIndex) }
        functionTypeIndices = functions
        globalTypes = globals
        tagTypeIndices = tags
    }
}

/// Why code could not be linked for an instance (a template that does not fit the instance:
/// cannot happen for a validated module, checked anyway).
struct CodeLinkError: Error {
    var message: String
}

extension Store {
    /// What linked words take in `instance` (made at its first link and kept on it).
    func linkValues(for instance: Instance) -> LinkValues {
        if let made = instance.linkValues { return made }
        let values = LinkValues(store: self, instance: instance)
        instance.linkValues = values
        return values
    }

    /// `template`'s catch clauses naming `instance`'s tags.
    func linkHandlers(_ template: CodeTemplate, for instance: Instance) throws(CodeLinkError) -> [ExceptionHandler] {
        var handlers = template.handlers
        guard handlers.contains(where: { $0.tag >= 0 }) else { return handlers }
        let values = linkValues(for: instance)
        for k in handlers.indices where handlers[k].tag >= 0 {
            handlers[k].tag = Int(truncatingIfNeeded: try values.value(.tagAddress, handlers[k].tag))
        }
        return handlers
    }

    /// A copy of `template`'s code for `instance`: the instance's values written into the
    /// linked words, its catch clauses naming the instance's tags.
    func link(_ template: CodeTemplate, for instance: Instance) throws(CodeLinkError) -> CompiledCode {
        let handlers = try linkHandlers(template, for: instance)
        let code = CompiledCode(copying: template.words, count: template.count, handlers: handlers)
        let values = linkValues(for: instance)
        let words = code.code, count = code.count
        for link in template.links {
            guard link.position >= 0 && link.position < count else {
                throw CodeLinkError(message: "linked word \(link.position) outside the code (\(count) words)")
            }
            words[link.position] = try values.value(link.kind, Int(link.index))
        }
        return code
    }
}

/// The value each linked word takes in one instance, by kind and index; made at the
/// instance's first link (its addresses are all known once it is instantiated) and kept on it.
final class LinkValues {
    let functions: [UInt64]
    let globals: [UInt64]
    let memories: [UInt64]
    let tags: [UInt64]
    /// Type IDs by type index (the instance's, clamped as `FunctionRecord.typeID`).
    private let typeIDs: [UInt64]

    init(store: Store, instance: Instance) {
        functions = instance.functionAddresses.map { UInt64($0) }
        globals = instance.globalAddresses.map { UInt64(UInt(bitPattern: store.globals[$0].slots)) }
        memories = instance.memoryAddresses.map { UInt64(UInt(bitPattern: store.memories[$0].state)) }
        tags = instance.tagAddresses.map { UInt64($0) }
        typeIDs = instance.typeIDs.map { UInt64(bitPattern: Int64(Int32(clamping: $0))) }
    }

    /// What `kind` `index` links to; nil when the instance has no such thing.
    @inline(__always)
    func valueIfPresent(_ kind: CodeLinkKind, _ index: Int) -> UInt64? {
        switch kind {
        case .functionAddress: return index < functions.count ? functions[index] : nil
        case .functionReference: return index < functions.count ? functions[index] &+ 1 : nil
        case .typeID: return index < typeIDs.count ? typeIDs[index] : nil
        case .globalSlots: return index < globals.count ? globals[index] : nil
        case .memoryState: return index < memories.count ? memories[index] : nil
        case .tagAddress: return index < tags.count ? tags[index] : nil
        }
    }

    /// What `kind` `index` links to.
    func value(_ kind: CodeLinkKind, _ index: Int) throws(CodeLinkError) -> UInt64 {
        if let value = valueIfPresent(kind, index) { return value }
        throw CodeLinkError(message: Self.missing(kind, index))
    }

    /// The message for code that names something the instance does not have.
    static func missing(_ kind: CodeLinkKind, _ index: Int) -> String {
        "code names \(kind) \(index), which the instance does not have"
    }
}
