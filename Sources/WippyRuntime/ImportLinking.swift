import ComponentModel
import Synchronization
import WASICLI
import WASIClocks
import WASIFilesystem
import WASIHTTP
import WASIIO
import WASIRandom
import WASISockets
import WippyFuncs

/// The linker keyed by an entry's `imports` list: each named group that exists registers its
/// interfaces; a group not named is not linked, so its functions trap when the guest calls them
/// (`host function not available: …`, DESIGN.md §5). Linkers are immutable once built and
/// shared by every call with the same list.
public enum ImportLinking {
    /// The host groups available to entries by name. An entry that lists `wasi:sockets` or
    /// `wasi:http` is granted the network (``grantsNetwork(_:)``).
    public static let groups: [String: HostGroup] = [
        "wasi:io": wasiIOGroup, "wasi:cli": wasiCLIGroup, "wasi:clocks": wasiClocksGroup,
        "wasi:filesystem": wasiFilesystemGroup, "wasi:random": wasiRandomGroup,
        "wasi:sockets": wasiSocketsGroup, "wasi:http": wasiHTTPGroup, "funcs": wippyFuncsGroup,
    ]

    /// Whether an entry with `imports` (canonical group names) may use the network.
    public static func grantsNetwork(_ imports: [String]) -> Bool {
        imports.contains("wasi:sockets") || imports.contains("wasi:http")
    }

    private static let cache = Mutex<[String: ComponentLinker]>([:])

    /// The shared linker for `imports` (canonical group names).
    public static func linker(for imports: [String]) throws(ComponentError) -> ComponentLinker {
        let key = imports.sorted().joined(separator: ",")
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let linker = ComponentLinker()
        for name in imports.sorted() {
            if let group = groups[name] { try group.register(into: linker) }
        }
        cache.withLock { $0[key] = $0[key] ?? linker }
        return cache.withLock { $0[key] } ?? linker
    }
}
