/// The semantic-version grammar of interface names (`ns:pkg/iface@1.2.3-pre.1+build`).
enum VersionValidation {
    /// Why `version` is not a valid semantic version, or nil when it is.
    static func problem(_ version: Substring) -> String? {
        if version.isEmpty { return "empty string, expected a semver version" }
        var rest = version.unicodeScalars[...]
        for part in 0..<3 {
            if part > 0 {
                guard let dot = rest.first else { return "unexpected end of input while parsing the version" }
                guard dot == "." else { return "unexpected character '\(dot)' while parsing the version" }
                rest = rest.dropFirst()
            }
            let digits = rest.prefix { $0 >= "0" && $0 <= "9" }
            guard let first = digits.first else {
                return rest.first.map { "unexpected character '\($0)' while parsing the version" } ?? "unexpected end of input while parsing the version"
            }
            if first == "0" && digits.count > 1 { return "invalid leading zero in a version number" }
            rest = rest.dropFirst(digits.count)
        }
        if rest.first == "-" {
            let end = rest.firstIndex(of: "+") ?? rest.endIndex
            if let p = identifiersProblem(rest[rest.index(after: rest.startIndex)..<end], numericLeadingZero: true) { return p }
            rest = rest[end...]
        }
        if rest.first == "+" {
            if let p = identifiersProblem(rest.dropFirst(), numericLeadingZero: false) { return p }
            rest = rest[rest.endIndex...]
        }
        if let c = rest.first { return "unexpected character '\(c)' after the version" }
        return nil
    }

    /// Dot-separated identifiers of ASCII letters, digits and hyphens (pre-release or build).
    private static func identifiersProblem(_ text: Substring.UnicodeScalarView.SubSequence, numericLeadingZero: Bool) -> String? {
        for identifier in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !identifier.isEmpty else { return "empty identifier segment in the version" }
            for c in identifier where !((c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "-") {
                return "unexpected character '\(c)' in the version"
            }
            let numeric = identifier.allSatisfy { $0 >= "0" && $0 <= "9" }
            if numericLeadingZero, numeric, identifier.count > 1, identifier.first == "0" {
                return "invalid leading zero in a version pre-release identifier"
            }
        }
        return nil
    }
}
