/// A semantic version `major.minor.patch[-pre][+build]`, as interface names carry them.
struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    var major: Int
    var minor: Int
    var patch: Int
    var prerelease: String

    init?(_ text: String) {
        var core = Substring(text)
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        var pre = ""
        if let dash = core.firstIndex(of: "-") {
            pre = String(core[core.index(after: dash)...])
            core = core[..<dash]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]),
              a >= 0, b >= 0, c >= 0 else { return nil }
        major = a
        minor = b
        patch = c
        prerelease = pre
    }

    /// Whether a host of this version serves a guest that imports `other`: same major (for 1.x
    /// and later), same minor (for 0.x), same patch (for 0.0.x); pre-releases match exactly.
    func isCompatible(with other: SemanticVersion) -> Bool {
        guard major == other.major else { return false }
        if !prerelease.isEmpty || !other.prerelease.isEmpty { return self == other }
        if major > 0 { return true }
        guard minor == other.minor else { return false }
        if minor > 0 { return true }
        return patch == other.patch
    }

    static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        if a.prerelease.isEmpty != b.prerelease.isEmpty { return !a.prerelease.isEmpty }
        return a.prerelease < b.prerelease
    }

    var description: String { "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-\(prerelease)") }
}
