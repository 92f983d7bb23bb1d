/// The name of a component import or export (`importname'` / `exportname'`).
///
/// The binary format prefixes a name with `0x00` or `0x01` (a plain name; both mean the same)
/// or `0x02` (a name followed by attributes: `implements`, a version suffix, an external id).
public struct ExternName: Hashable, Sendable, CustomStringConvertible {
    /// The name itself: a plain kebab-case name (`compute`), an interface name
    /// (`wasi:cli/stdout@0.2.0`) or an annotated name (`[method]file.read`).
    public var name: String
    /// The interface this import or export implements (the `implements` attribute).
    public var implements: String?
    /// The version suffix attribute.
    public var versionSuffix: String?
    /// The external id attribute.
    public var externalID: String?

    /// Creates a name without attributes.
    public init(_ name: String, implements: String? = nil, versionSuffix: String? = nil, externalID: String? = nil) {
        self.name = name
        self.implements = implements
        self.versionSuffix = versionSuffix
        self.externalID = externalID
    }

    /// The parsed interface name, when ``name`` has the form `ns:pkg/iface[@version]`.
    public var interface: InterfaceName? { InterfaceName(parsing: name) }

    /// The name.
    public var description: String { name }
}

/// An interface name `namespace:package/interface@version` (the version is optional).
public struct InterfaceName: Hashable, Sendable, CustomStringConvertible {
    /// The namespace, for example `wasi`.
    public var namespace: String
    /// The package, for example `cli`.
    public var package: String
    /// The interface, for example `stdout`.
    public var interface: String
    /// The semantic version after `@`, if any, for example `0.2.0`.
    public var version: String?

    /// Parses `ns:pkg/iface[@version]`; nil when `text` does not have that shape.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let afterColon = text[text.index(after: colon)...]
        guard let slash = afterColon.firstIndex(of: "/") else { return nil }
        let rest = afterColon[afterColon.index(after: slash)...]
        var iface = rest
        var version: String?
        if let at = rest.firstIndex(of: "@") {
            iface = rest[..<at]
            version = String(rest[rest.index(after: at)...])
        }
        let ns = text[..<colon]
        let pkg = afterColon[..<slash]
        guard !ns.isEmpty, !pkg.isEmpty, !iface.isEmpty, version.map({ !$0.isEmpty }) ?? true,
              !iface.contains("/"), !pkg.contains(":") else { return nil }
        namespace = String(ns)
        package = String(pkg)
        interface = String(iface)
        self.version = version
    }

    /// `ns:pkg/iface@version`.
    public var description: String {
        "\(namespace):\(package)/\(interface)" + (version.map { "@\($0)" } ?? "")
    }
}
