#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The host process's own environment, read when asked (never cached, so a value set later is
/// seen by the next lookup).
public enum ProcessEnvironment {
    /// The value of a variable, or nil when it is not set.
    public static func value(of name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        return String(cString: pointer)
    }
}
