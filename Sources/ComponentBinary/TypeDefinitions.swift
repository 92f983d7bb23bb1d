import WasmBinary

/// A type definition of the component type section (`deftype`).
public enum ComponentTypeDefinition: Hashable, Sendable {
    case value(DefinedValueType)
    case function(ComponentFunctionType)
    /// A component type: its declarations (imports, exports, local types and aliases).
    case component([TypeDeclaration])
    /// An instance type: its declarations (exports, local types and aliases).
    case instance([TypeDeclaration])
    case resource(ResourceTypeDefinition)
}

/// One type of the component type section, with its offset.
public struct ComponentType: Hashable, Sendable {
    /// The definition.
    public var definition: ComponentTypeDefinition
    /// Byte offset of the definition.
    public var offset: Int

    /// Creates a type.
    public init(definition: ComponentTypeDefinition, offset: Int) {
        self.definition = definition
        self.offset = offset
    }
}

/// What an import or an exported declaration is (`externdesc`).
public enum ExternDescriptor: Hashable, Sendable {
    /// A core module of the given core type (a module type).
    case coreModule(typeIndex: UInt32)
    /// A function of the given type.
    case function(typeIndex: UInt32)
    /// A value (the value sort is not supported; decoded only).
    case value(ValueBound)
    /// A type, equal to another or a fresh resource type.
    case type(TypeBound)
    /// A component of the given component type.
    case component(typeIndex: UInt32)
    /// An instance of the given instance type.
    case instance(typeIndex: UInt32)

    /// The sort whose index space an import of this descriptor extends.
    public var sort: ComponentSort {
        switch self {
        case .coreModule: return .core(.module)
        case .function: return .function
        case .value: return .value
        case .type: return .type
        case .component: return .component
        case .instance: return .instance
        }
    }
}

/// The bound of an imported or exported type.
public enum TypeBound: Hashable, Sendable {
    /// Equal to the type at the index.
    case equal(UInt32)
    /// A fresh abstract resource type.
    case subResource
}

/// The bound of an imported or exported value.
public enum ValueBound: Hashable, Sendable {
    /// Equal to the value at the index.
    case equal(UInt32)
    /// Any value of the type.
    case type(ComponentValueType)
}

/// One declaration inside a component type or an instance type.
public struct TypeDeclaration: Hashable, Sendable {
    /// What is declared.
    public var kind: Kind
    /// Byte offset of the declaration.
    public var offset: Int

    /// The kinds of declaration.
    public enum Kind: Hashable, Sendable {
        /// A local core type.
        case coreType(CoreType)
        /// A local type.
        case type(ComponentType)
        /// An alias (outer aliases and, in component types, exports of local instances).
        case alias(Alias)
        /// An import (component types only).
        case `import`(ExternName, ExternDescriptor)
        /// An export.
        case export(ExternName, ExternDescriptor)
    }

    /// Creates a declaration.
    public init(kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}

/// A core type of the core type section: a function type or a module type.
public enum CoreType: Hashable, Sendable {
    case function(FunctionType)
    /// A module type: its imports, exports, local types and outer aliases.
    case module([CoreModuleDeclaration])
}

/// One declaration inside a core module type.
public enum CoreModuleDeclaration: Hashable, Sendable {
    case `import`(Import)
    case type(CoreType)
    /// An outer alias of a core type (`count` enclosing levels out).
    case outerAlias(sort: CoreSort, count: UInt32, index: UInt32)
    case export(name: String, descriptor: ImportDescriptor)
}
