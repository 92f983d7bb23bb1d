import Foundation
import Glibc
import Testing
@testable import ComponentModel
import WASIFilesystem
import WASIHost
import WASIIO

/// A scratch directory tree for the filesystem tests, removed on deinit:
/// ```
/// base/
///   outside/secret              (must never be reached through the mount)
///   mount/                      (mounted at /data)
///     hello.txt                 "hello, world\n"
///     sub/nested.txt            "nested\n"
///     link_out -> ../outside    (points out of the mount)
///     abs_link -> /etc          (absolute: points out)
///     inner_link -> hello.txt   (stays inside)
/// ```
final class FilesystemScratch {
    let base: String
    var mount: String { base + "/mount" }

    init() throws {
        base = NSTemporaryDirectory() + "wippy-fs-test-" + UUID().uuidString
        let fm = FileManager.default
        try fm.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: base + "/mount/sub", withIntermediateDirectories: true)
        try Data("top secret\n".utf8).write(to: URL(fileURLWithPath: base + "/outside/secret"))
        try Data("hello, world\n".utf8).write(to: URL(fileURLWithPath: base + "/mount/hello.txt"))
        try Data("nested\n".utf8).write(to: URL(fileURLWithPath: base + "/mount/sub/nested.txt"))
        symlink("../outside", base + "/mount/link_out")
        symlink("/etc", base + "/mount/abs_link")
        symlink("hello.txt", base + "/mount/inner_link")
    }

    /// A copy of a directory (for fixture data), or an empty directory for nil.
    init(copying source: String?) throws {
        base = NSTemporaryDirectory() + "wippy-fs-test-" + UUID().uuidString
        if let source {
            try FileManager.default.copyItem(atPath: source, toPath: base + "/mount")
        } else {
            try FileManager.default.createDirectory(atPath: base + "/mount", withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }

    /// Every path below the mount (directories end with `/`) with the content of every file.
    func snapshot() -> [String: String] {
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: mount) else { return result }
        while let relative = walker.nextObject() as? String {
            let path = mount + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: result[relative + "/"] = ""
            case S_IFLNK: result[relative] = "-> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            default: result[relative] = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<binary>"
            }
        }
        return result
    }
}

/// Calls the `wasi:filesystem` host functions directly, as a guest instance would, with the
/// scratch tree mounted at `/data`.
final class FilesystemHost {
    let linker: ComponentLinker
    let state = ComponentHostState()
    static let types = "wasi:filesystem/types@\(wasiVersion)"
    static let preopens = "wasi:filesystem/preopens@\(wasiVersion)"

    init(mount: String, readOnly: Bool) throws {
        linker = try allGroupsLinker()
        let context = WASIContext(mounts: [WASIMount(hostPath: mount, guestPath: "/data", readOnly: readOnly)])
        state[WASISession.self] = WASISession(context: context, dispatcher: try Dispatcher())
    }

    /// Calls `interface#item` with `arguments`; a thrown error is a trap of the guest.
    func call(_ item: String, _ arguments: [ComponentValue], interface: String = types) throws -> ComponentValue? {
        guard let body = linker.lookup(interface)?.functions[item]?.hostFunction else {
            throw ComponentError(.link, "no host function \(interface)#\(item)")
        }
        guard case .value(let result) = try body(ComponentHostCall(arguments: arguments, state: state, name: "\(interface)#\(item)")) else {
            throw ComponentError(.trap, "\(item) did not answer at once")
        }
        return result
    }

    /// Calls a `descriptor` method on `handle` (passed as a borrow).
    func method(_ name: String, _ handle: ResourceHandle, _ rest: [ComponentValue] = []) throws -> ComponentValue? {
        try call("[method]descriptor.\(name)", [.borrow(handle)] + rest)
    }

    /// The `/data` preopen's handle.
    func preopen() throws -> ResourceHandle {
        guard case .list(let items)? = try call("get-directories", [], interface: Self.preopens),
              case .tuple(let pair)? = items.first, case .own(let handle)? = pair.first else {
            throw ComponentError(.trap, "get-directories answered no descriptor")
        }
        return handle
    }

    /// `open-at` below `directory`; the new handle, or the error code.
    func open(_ directory: ResourceHandle, _ path: String, follow: Bool = false, openFlags: [String] = [],
              flags: [String] = ["read"]) throws -> Result<ResourceHandle, FSCode> {
        let result = try method("open-at", directory, [.flags(follow ? ["symlink-follow"] : []), .string(path),
                                                       .flags(openFlags), .flags(flags)])
        switch result {
        case .result(true, .own(let handle)?)?: return .success(handle)
        case .result(false, .enum(let code)?)?: return .failure(FSCode(code))
        default: throw ComponentError(.trap, "open-at answered \(String(describing: result))")
        }
    }
}

/// An `error-code` case name as a test failure value.
struct FSCode: Error, Equatable, CustomStringConvertible {
    let name: String
    init(_ name: String) { self.name = name }
    var description: String { name }
}

/// The error code of an `err(code)` result, or nil for `ok`.
func errorCode(_ value: ComponentValue?) -> String? {
    if case .result(false, .enum(let code)?)? = value { return code }
    return nil
}

/// Whether the result is `ok`.
func isOK(_ value: ComponentValue?) -> Bool {
    if case .result(true, _)? = value { return true }
    return false
}
