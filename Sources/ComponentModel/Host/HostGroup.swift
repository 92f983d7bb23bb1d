/// A named group of host interfaces that registers itself into a linker: the unit an entry's
/// `imports` list names (`wasi:io`, `wasi:cli`, …, `funcs`).
public struct HostGroup: Sendable {
    /// The group's name as an entry's `imports` list spells it (lowercase, no version).
    public let name: String
    private let body: @Sendable (ComponentLinker) throws(ComponentError) -> Void

    /// A group named `name` whose interfaces `register` defines.
    public init(name: String, register: @escaping @Sendable (ComponentLinker) throws(ComponentError) -> Void) {
        self.name = name
        body = register
    }

    /// Defines the group's interfaces in `linker`.
    public func register(into linker: ComponentLinker) throws(ComponentError) {
        try body(linker)
    }
}
