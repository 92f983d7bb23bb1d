/// A host directory a guest may use, visible to the guest at `guestPath`.
///
/// Every path the guest names inside the mount is resolved by `SandboxedPath`, which never
/// leaves `hostPath`.
public struct WASIMount: Hashable, Sendable {
    /// The directory on the host.
    public var hostPath: String
    /// Where the guest sees it (a preopen name such as `/` or `/data`).
    public var guestPath: String
    /// Whether the guest may only read: writes, creation, removal and renames fail.
    public var readOnly: Bool

    /// Creates a mount.
    public init(hostPath: String, guestPath: String, readOnly: Bool = false) {
        self.hostPath = hostPath
        self.guestPath = guestPath
        self.readOnly = readOnly
    }
}

/// Everything a WASI program sees of its host for one call or run: arguments, environment,
/// working directory, mounts and standard streams. Shared by the preview 1 module and the
/// WASI 0.2 groups.
public struct WASIContext {
    /// The program arguments, `argv[0]` included.
    public var arguments: [String]
    /// The entire environment the guest sees, in order (nothing is inherited implicitly).
    public var environment: [(name: String, value: String)]
    /// The initial working directory the guest is told about (`wasi:cli/environment.initial-cwd`).
    public var workingDirectory: String?
    /// The directories the guest may use, in preopen order.
    public var mounts: [WASIMount]
    /// Standard input.
    public var standardInput: WASIStream
    /// Standard output.
    public var standardOutput: WASIStream
    /// Standard error.
    public var standardError: WASIStream

    /// Creates a context. By default the standard streams are the process's own.
    public init(
        arguments: [String] = [],
        environment: [(name: String, value: String)] = [],
        workingDirectory: String? = nil,
        mounts: [WASIMount] = [],
        standardInput: WASIStream = .host(0),
        standardOutput: WASIStream = .host(1),
        standardError: WASIStream = .host(2)
    ) {
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.mounts = mounts
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}
