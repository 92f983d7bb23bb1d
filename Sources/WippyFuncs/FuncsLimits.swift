/// The checks a `funcs` call passes before it reaches the registry.
public enum FuncsLimits {
    /// The largest input a call may pass: 64 MiB.
    public static let maxInputBytes = 64 << 20
    /// The longest target ID accepted, in bytes.
    public static let maxTargetBytes = 512

    /// Why `target` is not an entry ID `ns:name`, or nil when it is one: one `:` between a
    /// non-empty namespace and name, no spaces or control characters.
    public static func targetProblem(_ target: String) -> String? {
        let bytes = target.utf8
        guard bytes.count <= maxTargetBytes else { return "the target is longer than \(maxTargetBytes) bytes" }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return "target '\(quoted(target))' is not an entry ID ns:name"
        }
        let namespace = bytes[..<colon]
        let name = bytes[bytes.index(after: colon)...]
        let clean = bytes.allSatisfy { $0 > 0x20 && $0 != 0x7f }
        guard !namespace.isEmpty, !name.isEmpty, !name.contains(UInt8(ascii: ":")), clean else {
            return "target '\(quoted(target))' is not an entry ID ns:name"
        }
        return nil
    }

    /// `text` for a one-line message: control characters escaped, at most 80 characters.
    static func quoted(_ text: String) -> String {
        var out = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == 80 { return out + "…" }
            out += scalar.value < 0x20 || scalar.value == 0x7f ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return out
    }
}
