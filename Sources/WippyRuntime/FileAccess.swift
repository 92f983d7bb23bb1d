#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reading files and combining paths, without Foundation.
enum FileAccess {
    /// Reads a whole file; returns nil with the `errno` text when it cannot be read.
    static func read(_ path: String) -> Result<[UInt8], ReadFailure> {
        guard let handle = fopen(path, "rb") else { return .failure(ReadFailure(reason: currentError())) }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count {
                if ferror(handle) != 0 { return .failure(ReadFailure(reason: currentError())) }
                break
            }
        }
        return .success(bytes)
    }

    /// Why a file could not be read.
    struct ReadFailure: Error {
        var reason: String
    }

    private static func currentError() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }

    /// The folder of a path (`.` when it has none).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `base/relative`, or `relative` itself when it is absolute.
    static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if base == "." { return relative }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    /// Whether a relative path stays inside its folder: not absolute, not empty, no `..` part.
    static func staysInside(_ relative: String) -> Bool {
        if relative.isEmpty || relative.hasPrefix("/") { return false }
        return !relative.split(separator: "/", omittingEmptySubsequences: true).contains("..")
    }
}
