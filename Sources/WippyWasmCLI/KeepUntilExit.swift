/// Values the command line never frees: it exits right after a run, and the system takes back
/// a large module's memory at once, while releasing its objects one by one (CPython's 90,000
/// bodies, function entities and records) took about 25 ms of a 250 ms start-up.
enum KeepUntilExit {
    private final class Box {
        let value: Any
        init(_ value: Any) { self.value = value }
    }

    /// Keeps `value` alive until the process exits.
    static func keep(_ value: Any) {
        _ = Unmanaged.passRetained(Box(value))
    }
}
