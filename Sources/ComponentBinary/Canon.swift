/// A canonical definition (`canon`): lifting a core function to a component function, lowering
/// a component function to a core function, or a resource built-in.
public struct Canon: Hashable, Sendable {
    /// What is defined.
    public var kind: Kind
    /// Byte offset of the definition.
    public var offset: Int

    /// The supported canonical definitions.
    public enum Kind: Hashable, Sendable {
        /// `canon lift`: core function `coreFunction` as a component function of type `typeIndex`.
        case lift(coreFunction: UInt32, options: CanonOptions, typeIndex: UInt32)
        /// `canon lower`: component function `function` as a core function.
        case lower(function: UInt32, options: CanonOptions)
        /// `canon resource.new` of resource type `typeIndex`: `(i32) -> i32`.
        case resourceNew(typeIndex: UInt32)
        /// `canon resource.drop` of resource type `typeIndex`: `(i32) -> ()`.
        case resourceDrop(typeIndex: UInt32)
        /// `canon resource.rep` of resource type `typeIndex`: `(i32) -> i32`.
        case resourceRep(typeIndex: UInt32)
    }

    /// The sort of the definition it adds: `func` for lift, `core func` otherwise.
    public var sort: ComponentSort {
        if case .lift = kind { return .function }
        return .core(.function)
    }

    /// Creates a canonical definition.
    public init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// How strings are encoded in linear memory.
public enum StringEncoding: Hashable, Sendable {
    case utf8
    case utf16
    /// Latin-1 when every character fits, else UTF-16 (tagged in the length's high bit).
    case latin1UTF16
}

/// The options of `canon lift` / `canon lower`.
public struct CanonOptions: Hashable, Sendable {
    /// The string encoding (UTF-8 when not given).
    public var stringEncoding: StringEncoding = .utf8
    /// Whether the string encoding was given explicitly.
    public var stringEncodingGiven = false
    /// The core memory index, if given.
    public var memory: UInt32?
    /// The core `realloc` function index, if given.
    public var realloc: UInt32?
    /// The core `post-return` function index, if given.
    public var postReturn: UInt32?

    /// Creates options with the defaults.
    public init() {}
}
