/// An alias: a definition taken from an instance's exports or from an enclosing component.
public struct Alias: Hashable, Sendable {
    /// The sort of the aliased definition.
    public var sort: ComponentSort
    /// Where it comes from.
    public var target: AliasTarget
    /// Byte offset of the alias.
    public var offset: Int

    /// Creates an alias.
    public init(sort: ComponentSort, target: AliasTarget, offset: Int) {
        self.sort = sort
        self.target = target
        self.offset = offset
    }
}

/// The target of an alias.
public enum AliasTarget: Hashable, Sendable {
    /// The export `name` of component instance `instance`.
    case export(instance: UInt32, name: String)
    /// The export `name` of core instance `instance`.
    case coreExport(instance: UInt32, name: String)
    /// Definition `index` of the component `count` levels out (0 = this one).
    case outer(count: UInt32, index: UInt32)
}

/// A core instance definition.
public struct CoreInstance: Hashable, Sendable {
    /// How the instance is made.
    public var expression: Expression
    /// Byte offset of the definition.
    public var offset: Int

    /// The ways to make a core instance.
    public enum Expression: Hashable, Sendable {
        /// Instantiate core module `module`, satisfying its imports from the named core instances.
        case instantiate(module: UInt32, arguments: [CoreInstantiateArgument])
        /// An instance made of existing core definitions.
        case exports([CoreInlineExport])
    }

    /// Creates a core instance.
    public init(expression: Expression, offset: Int) {
        self.expression = expression
        self.offset = offset
    }
}

/// A named core instance given to a module instantiation.
public struct CoreInstantiateArgument: Hashable, Sendable {
    /// The import module name it satisfies.
    public var name: String
    /// The core instance index.
    public var instance: UInt32

    /// Creates an argument.
    public init(name: String, instance: UInt32) {
        self.name = name
        self.instance = instance
    }
}

/// A named core definition of an instance made from exports.
public struct CoreInlineExport: Hashable, Sendable {
    /// The export name.
    public var name: String
    /// The core sort.
    public var sort: CoreSort
    /// The index in that core sort.
    public var index: UInt32

    /// Creates an export.
    public init(name: String, sort: CoreSort, index: UInt32) {
        self.name = name
        self.sort = sort
        self.index = index
    }
}

/// A component instance definition.
public struct ComponentInstance: Hashable, Sendable {
    /// How the instance is made.
    public var expression: Expression
    /// Byte offset of the definition.
    public var offset: Int

    /// The ways to make a component instance.
    public enum Expression: Hashable, Sendable {
        /// Instantiate component `component` with named arguments.
        case instantiate(component: UInt32, arguments: [InstantiateArgument])
        /// An instance made of existing definitions.
        case exports([InlineExport])
    }

    /// Creates an instance.
    public init(expression: Expression, offset: Int) {
        self.expression = expression
        self.offset = offset
    }
}

/// A named definition given to a component instantiation.
public struct InstantiateArgument: Hashable, Sendable {
    /// The import name it satisfies.
    public var name: String
    /// The definition.
    public var item: SortIndex

    /// Creates an argument.
    public init(name: String, item: SortIndex) {
        self.name = name
        self.item = item
    }
}

/// A named definition of an instance made from exports.
public struct InlineExport: Hashable, Sendable {
    /// The export name.
    public var name: ExternName
    /// The definition.
    public var item: SortIndex

    /// Creates an export.
    public init(name: ExternName, item: SortIndex) {
        self.name = name
        self.item = item
    }
}

/// A component import.
public struct ComponentImport: Hashable, Sendable {
    /// The import name.
    public var name: ExternName
    /// What is imported.
    public var descriptor: ExternDescriptor
    /// Byte offset of the import.
    public var offset: Int

    /// Creates an import.
    public init(name: ExternName, descriptor: ExternDescriptor, offset: Int) {
        self.name = name
        self.descriptor = descriptor
        self.offset = offset
    }
}

/// A component export.
public struct ComponentExport: Hashable, Sendable {
    /// The export name.
    public var name: ExternName
    /// The exported definition.
    public var item: SortIndex
    /// The type the export is ascribed, if given.
    public var ascribedType: ExternDescriptor?
    /// Byte offset of the export.
    public var offset: Int

    /// Creates an export.
    public init(name: ExternName, item: SortIndex, ascribedType: ExternDescriptor?, offset: Int) {
        self.name = name
        self.item = item
        self.ascribedType = ascribedType
        self.offset = offset
    }
}

/// The start function of a component.
public struct ComponentStart: Hashable, Sendable {
    /// The component function to call.
    public var function: UInt32
    /// The value indices passed as arguments.
    public var arguments: [UInt32]
    /// How many values it returns.
    public var resultCount: UInt32
    /// Byte offset of the start section's content.
    public var offset: Int

    /// Creates a start definition.
    public init(function: UInt32, arguments: [UInt32], resultCount: UInt32, offset: Int) {
        self.function = function
        self.arguments = arguments
        self.resultCount = resultCount
        self.offset = offset
    }
}
