#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The CLI process's own environment.
enum HostEnvironment {
    /// The value of a variable, or nil when it is not set.
    static func value(of name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        return String(cString: pointer)
    }
}
