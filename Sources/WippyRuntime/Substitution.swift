#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `${env:NAME}` and `${env:NAME|default}` replacement in entry-file strings.
enum Substitution {
    /// Replaces each `${env:...}` reference; a variable that is unset and has no default is an
    /// error (the message names it).
    static func environment(in text: String, lookup: (String) -> String? = Substitution.getEnvironment) -> Result<String, SubstitutionFailure> {
        guard text.contains("${env:") else { return .success(text) }
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${env:") {
            output += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                return .failure(SubstitutionFailure(message: "unterminated ${env:...} reference"))
            }
            let body = afterOpen[..<close]
            let name: Substring
            let fallback: Substring?
            if let bar = body.firstIndex(of: "|") {
                name = body[..<bar]
                fallback = body[body.index(after: bar)...]
            } else {
                name = body
                fallback = nil
            }
            if let value = lookup(String(name)) {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                return .failure(SubstitutionFailure(message: "environment variable \(name) is not set"))
            }
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        output += rest
        return .success(output)
    }

    /// The process environment's value of a variable.
    static func getEnvironment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Why a substitution failed.
    struct SubstitutionFailure: Error {
        var message: String
    }
}

extension Substring {
    /// The first occurrence of `needle`, as a range (no Foundation).
    fileprivate func range(of needle: String) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        let scalars = self.utf8
        var index = scalars.startIndex
        while index != scalars.endIndex {
            var probe = index
            var matched = 0
            while matched < pattern.count, probe != scalars.endIndex, scalars[probe] == pattern[matched] {
                probe = scalars.index(after: probe)
                matched += 1
            }
            if matched == pattern.count { return index..<probe }
            index = scalars.index(after: index)
        }
        return nil
    }
}
