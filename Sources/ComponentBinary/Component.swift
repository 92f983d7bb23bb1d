import WasmBinary

/// A decoded component: its sections in binary order.
///
/// Nested components are decoded into ``ComponentSection/component(_:)``; embedded core modules
/// are kept as byte ranges (see ``EmbeddedModule``) and decoded on demand.
public struct Component: Sendable {
    /// The whole binary the component was decoded from (shared with nested components).
    public let bytes: [UInt8]
    /// Where this component (preamble included) lies in ``bytes``.
    public var range: Range<Int>
    /// The sections, in order.
    public var sections: [ComponentSection]

    /// Creates a component.
    public init(bytes: [UInt8], range: Range<Int>, sections: [ComponentSection]) {
        self.bytes = bytes
        self.range = range
        self.sections = sections
    }

    /// Every import, in order.
    public var imports: [ComponentImport] {
        sections.flatMap { section -> [ComponentImport] in
            if case .imports(let items) = section { return items }
            return []
        }
    }

    /// Every export, in order.
    public var exports: [ComponentExport] {
        sections.flatMap { section -> [ComponentExport] in
            if case .exports(let items) = section { return items }
            return []
        }
    }

    /// The embedded core modules, in order (the core module index space's definitions).
    public var modules: [EmbeddedModule] {
        sections.compactMap { section -> EmbeddedModule? in
            if case .coreModule(let m) = section { return m }
            return nil
        }
    }

    /// The nested components, in order.
    public var components: [Component] {
        sections.compactMap { section -> Component? in
            if case .component(let c) = section { return c }
            return nil
        }
    }

    /// The custom sections, in order.
    public var customSections: [ComponentCustomSection] {
        sections.compactMap { section -> ComponentCustomSection? in
            if case .custom(let c) = section { return c }
            return nil
        }
    }
}

/// One section of a component.
public enum ComponentSection: Sendable {
    case custom(ComponentCustomSection)
    case coreModule(EmbeddedModule)
    case coreInstances([CoreInstance])
    case coreTypes([CoreTypeEntry])
    case component(Component)
    case instances([ComponentInstance])
    case aliases([Alias])
    case types([ComponentType])
    case canons([Canon])
    case start(ComponentStart)
    case imports([ComponentImport])
    case exports([ComponentExport])
}

/// A core type of a core type section, with its offset.
public struct CoreTypeEntry: Hashable, Sendable {
    /// The type.
    public var type: CoreType
    /// Byte offset of the definition.
    public var offset: Int

    /// Creates an entry.
    public init(type: CoreType, offset: Int) {
        self.type = type
        self.offset = offset
    }
}

/// A custom section: its name and where its content lies in the binary.
public struct ComponentCustomSection: Hashable, Sendable {
    /// The section name.
    public var name: String
    /// The content after the name, as a range of ``Component/bytes``.
    public var contentRange: Range<Int>

    /// Creates a custom section.
    public init(name: String, contentRange: Range<Int>) {
        self.name = name
        self.contentRange = contentRange
    }
}

/// A core module embedded in a component, not decoded until asked for.
public struct EmbeddedModule: Sendable {
    /// The whole binary the module lies in.
    public let bytes: [UInt8]
    /// Where the module (preamble included) lies in ``bytes``.
    public var range: Range<Int>

    /// Creates an embedded module.
    public init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.range = range
    }

    /// A copy of the module's bytes.
    public var moduleBytes: [UInt8] { Array(bytes[range]) }

    /// Decodes the module in place, as ``decodeModule(_:options:)`` decodes a binary of its own.
    ///
    /// The bytes are not copied: the returned `Module` keeps the whole component binary
    /// (``Module/range`` says where the module is in it), so its ranges and offsets, and the
    /// offset of a thrown error, are the component binary's.
    public func decode() throws(DecodeError) -> Module {
        do {
            return try decodeModule(bytes, range: range)
        } catch {
            throw DecodeError("core module: \(error.message)", offset: error.offset)
        }
    }
}
