/// What an import brings in.
public enum ImportDescriptor: Hashable, Sendable {
    /// A function of the given type index.
    case function(typeIndex: UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    case tag(TagType)
}

/// One entry of the import section.
public struct Import: Hashable, Sendable {
    /// The module name.
    public var module: String
    /// The field name.
    public var name: String
    /// What is imported.
    public var descriptor: ImportDescriptor
    /// Whether a function import is exact (custom-descriptors proposal, kind byte `0x20`): the
    /// function must have exactly its declared type, and `ref.func` of it gives an exact
    /// reference.
    public var exact: Bool

    /// Creates an import.
    public init(module: String, name: String, descriptor: ImportDescriptor, exact: Bool = false) {
        self.module = module
        self.name = name
        self.descriptor = descriptor
        self.exact = exact
    }
}

/// One entry of the export section.
public struct Export: Hashable, Sendable {
    /// The export name.
    public var name: String
    /// What kind of entity is exported.
    public var kind: ExternalKind
    /// Its index in the index space of that kind (imports first).
    public var index: UInt32

    /// Creates an export.
    public init(name: String, kind: ExternalKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
}

/// A constant expression (global initialisers, segment offsets, element items).
public struct ConstExpression: Hashable, Sendable {
    /// The instructions, without the final `end`.
    public var instructions: [Instruction]
    /// Byte offset of the expression in the module.
    public var offset: Int

    /// Creates a constant expression.
    public init(instructions: [Instruction], offset: Int) {
        self.instructions = instructions
        self.offset = offset
    }
}

/// A global defined by the module.
public struct Global: Hashable, Sendable {
    /// Its type.
    public var type: GlobalType
    /// Its initial value.
    public var initializer: ConstExpression

    /// Creates a global.
    public init(type: GlobalType, initializer: ConstExpression) {
        self.type = type
        self.initializer = initializer
    }
}

/// A table defined by the module, with its optional initialiser (function references proposal).
public struct Table: Hashable, Sendable {
    /// Its type.
    public var type: TableType
    /// The value of every element at instantiation, or nil for `ref.null`.
    public var initializer: ConstExpression?

    /// Creates a table.
    public init(type: TableType, initializer: ConstExpression?) {
        self.type = type
        self.initializer = initializer
    }
}

/// How an element segment is used.
public enum ElementMode: Hashable, Sendable {
    /// Available to `table.init`.
    case passive
    /// Copied into `table` at `offset` during instantiation.
    case active(table: UInt32, offset: ConstExpression)
    /// Only declares functions for `ref.func`.
    case declarative
}

/// An element segment.
public struct ElementSegment: Hashable, Sendable {
    /// The type of its references.
    public var type: RefType
    /// How it is used.
    public var mode: ElementMode
    /// The items as the binary gave them.
    private var content: Content

    /// The two forms of a segment's items.
    private enum Content: Sendable {
        /// One constant expression per element.
        case expressions([ConstExpression])
        /// Function indices (the encodings without expressions), kept as indices.
        case functions([FunctionItem])
    }

    /// One constant expression per element (function indices become `ref.func`).
    public var items: [ConstExpression] {
        get {
            switch content {
            case .expressions(let expressions): return expressions
            case .functions(let functions): return functions.map { ByteReader.refFunc($0.index, at: $0.offset) }
            }
        }
        set { content = .expressions(newValue) }
    }

    /// The items of a segment given as function indices, each as its index and offset, without
    /// a `ref.func` expression of its own (CPython's table has 47,000); nil when the items are
    /// expressions. ``items`` gives the same items either way.
    public var functionItems: [FunctionItem]? {
        if case .functions(let functions) = content { return functions }
        return nil
    }

    /// The number of items.
    public var itemCount: Int {
        switch content {
        case .expressions(let expressions): return expressions.count
        case .functions(let functions): return functions.count
        }
    }

    /// Creates an element segment.
    public init(type: RefType, items: [ConstExpression], mode: ElementMode) {
        self.type = type
        self.content = .expressions(items)
        self.mode = mode
    }

    /// Creates an element segment of function indices.
    public init(type: RefType, functions: [FunctionItem], mode: ElementMode) {
        self.type = type
        self.content = .functions(functions)
        self.mode = mode
    }

    /// Segments are equal when they have the same type, mode and items, in either form.
    public static func == (a: ElementSegment, b: ElementSegment) -> Bool {
        a.type == b.type && a.mode == b.mode && a.items == b.items
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(mode)
        hasher.combine(items)
    }
}

/// An item of an element segment given as a function index.
public struct FunctionItem: Hashable, Sendable {
    /// The function index.
    public var index: UInt32
    /// Byte offset of the index in the module.
    public var offset: Int

    /// Creates an item.
    public init(index: UInt32, offset: Int) {
        self.index = index
        self.offset = offset
    }
}

/// How a data segment is used.
public enum DataMode: Hashable, Sendable {
    /// Available to `memory.init`.
    case passive
    /// Copied into `memory` at `offset` during instantiation.
    case active(memory: UInt32, offset: ConstExpression)
}

/// A data segment.
public struct DataSegment: Hashable, Sendable {
    /// Where its bytes are in the module binary.
    public var bytes: Range<Int>
    /// How it is used.
    public var mode: DataMode

    /// Creates a data segment.
    public init(bytes: Range<Int>, mode: DataMode) {
        self.bytes = bytes
        self.mode = mode
    }
}

/// A run of locals of one type, as a function body declares them: `count` locals of `type`.
public struct LocalGroup: Hashable, Sendable {
    /// Number of locals.
    public var count: UInt32
    /// Their type.
    public var type: ValueType

    /// Creates a group.
    public init(count: UInt32, type: ValueType) {
        self.count = count
        self.type = type
    }
}

/// The locals and code of one function defined by the module.
///
/// The declared locals are kept as runs of one type (`localGroups`, a slice of one array shared
/// by all the bodies of a module): a body costs no allocation of its own, however many locals
/// it has. `locals` expands them.
public struct FunctionBody: Hashable, Sendable {
    /// Declared locals (beyond the parameters) as runs of one type, in declaration order; runs of
    /// zero locals are left out.
    public var localGroups: ArraySlice<LocalGroup>
    /// Number of declared locals.
    public var localCount: Int
    /// Where the instructions are in the module binary: from after the local declarations to
    /// the end of the body, the final `end` included. While ``localsDeferred``, the whole body
    /// from its local declarations on.
    public var code: Range<Int>
    /// Whether the local declarations have not been decoded yet (a module whose bodies came
    /// from a validation cache record: a body's locals are decoded when it is first needed,
    /// ``Module/decodedBody(_:)``). Its ``localGroups`` are empty until then.
    public var localsDeferred: Bool

    /// Declared locals (beyond the parameters), one type per local, expanded.
    public var locals: [ValueType] {
        var out: [ValueType] = []
        out.reserveCapacity(localCount)
        for g in localGroups { out.append(contentsOf: repeatElement(g.type, count: Int(g.count))) }
        return out
    }

    /// Creates a function body from its expanded locals.
    public init(locals: [ValueType], code: Range<Int>) {
        var groups: [LocalGroup] = []
        for t in locals {
            if let last = groups.last, last.type == t, last.count < UInt32.max {
                groups[groups.count - 1].count += 1
            } else {
                groups.append(LocalGroup(count: 1, type: t))
            }
        }
        self.localGroups = groups[...]
        self.localCount = locals.count
        self.code = code
        self.localsDeferred = false
    }

    /// Creates a function body from runs of locals (`localCount`: their total).
    public init(localGroups: ArraySlice<LocalGroup>, localCount: Int, code: Range<Int>) {
        self.localGroups = localGroups
        self.localCount = localCount
        self.code = code
        self.localsDeferred = false
    }

    /// A body whose local declarations, at the start of `body`, are not decoded yet.
    init(deferredLocals body: Range<Int>) {
        self.localGroups = []
        self.localCount = 0
        self.code = body
        self.localsDeferred = true
    }

    /// Bodies are equal when they have the same locals (however they are grouped) and code.
    public static func == (a: FunctionBody, b: FunctionBody) -> Bool {
        a.code == b.code && a.localsDeferred == b.localsDeferred && a.localCount == b.localCount
            && a.locals == b.locals
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(localCount)
    }
}

/// A custom section.
public struct CustomSection: Hashable, Sendable {
    /// The section's name.
    public var name: String
    /// Where its content (after the name) is in the module binary.
    public var content: Range<Int>

    /// Creates a custom section.
    public init(name: String, content: Range<Int>) {
        self.name = name
        self.content = content
    }
}

/// A decoded core WebAssembly module. Immutable once decoded; share it freely.
public struct Module: Sendable {
    /// The module binary; function bodies and data segments refer to ranges of it. For a module
    /// embedded in a component this is the whole component binary (see ``range``).
    public var bytes: [UInt8]
    /// Where the module lies in ``bytes``: all of it for a module decoded from its own binary,
    /// the embedded module's extent for one decoded in place from a component. Every range and
    /// offset of the module is an index into ``bytes``.
    public var range: Range<Int>
    /// The function type of each type index. A struct or array type (GC) has an empty entry
    /// here; ``definedTypes`` says what every index is.
    public var types: [FunctionType] = []
    /// Each type index's full definition: its composite type, supertypes, finality and
    /// recursion group. Same length as ``types``.
    public var definedTypes: [SubType] = []
    /// The import section.
    public var imports: [Import] = []
    /// Type index of each function defined by the module (not the imported ones).
    public var functionTypeIndices: [UInt32] = []
    /// Tables defined by the module.
    public var tables: [Table] = []
    /// Memories defined by the module.
    public var memories: [MemoryType] = []
    /// Tags defined by the module.
    public var tags: [TagType] = []
    /// Globals defined by the module.
    public var globals: [Global] = []
    /// The export section.
    public var exports: [Export] = []
    /// The start function, if any.
    public var start: UInt32?
    /// Element segments.
    public var elements: [ElementSegment] = []
    /// The data count section's value, if present.
    public var dataCount: UInt32?
    /// Bodies of the functions defined by the module, in order.
    public var bodies: [FunctionBody] = [] {
        didSet { sharedLocalGroups = nil }
    }
    /// The array every body's ``FunctionBody/localGroups`` is a slice of, when the decoder made
    /// them so (and they were not changed since): a reader can take its storage once and use
    /// each slice's bounds, with no reference counting per body. Set after ``bodies``, whose
    /// change clears it.
    package internal(set) var sharedLocalGroups: [LocalGroup]?
    /// Where the code section's bodies are, when the module has a code section.
    package var codeSection: CodeSectionExtent?
    /// Data segments.
    public var data: [DataSegment] = []
    /// Custom sections, in order.
    public var customSections: [CustomSection] = []
    /// Function names from the `name` custom section, by function index (decoded from the
    /// section the first time they are read; see ``names``).
    public var functionNames: [UInt32: String] {
        get { names.all }
        set { names = FunctionNames(newValue) }
    }
    /// The same names, shared and decoded lazily.
    public var names = FunctionNames()

    /// Creates an empty module over the given binary.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.range = 0 ..< bytes.count
    }

    /// Creates an empty module over `bytes[range]`, a module embedded in a larger binary.
    package init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.range = range
    }

    /// Number of imported functions (they come first in the function index space).
    public var importedFunctionCount: Int {
        imports.reduce(0) { n, i in if case .function = i.descriptor { return n + 1 } else { return n } }
    }
}

extension Module {
    /// Each type index's definition: ``definedTypes``, or, for a module whose ``types`` were
    /// filled without it (built by hand rather than decoded), each function type as a final
    /// type without supertypes, alone in its recursion group.
    public var typeDefinitions: [SubType] {
        if definedTypes.count == types.count { return definedTypes }
        return types.enumerated().map { i, f in
            SubType(isFinal: true, supertypes: [], composite: .function(f),
                    recGroupStart: UInt32(truncatingIfNeeded: i), recGroupCount: 1)
        }
    }
}
