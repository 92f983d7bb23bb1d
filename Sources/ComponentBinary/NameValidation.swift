/// The component model's rules for names: kebab-case labels, interface names and annotated
/// names (`[constructor]r`, `[method]r.f`, `[static]r.f`).
enum NameRules {
    /// Whether `s` is a kebab-case label: words of lowercase letters and digits, or of
    /// uppercase letters and digits, joined by single hyphens; the first word starts with a
    /// letter. With `lowercaseOnly`, uppercase words are refused (namespaces and packages).
    static func isKebab(_ s: Substring, lowercaseOnly: Bool = false) -> Bool {
        guard let first = s.unicodeScalars.first, (first >= "a" && first <= "z") || (first >= "A" && first <= "Z") else {
            return false
        }
        for word in s.split(separator: "-", omittingEmptySubsequences: false) {
            guard !word.isEmpty else { return false }
            let lower = word.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
            let upper = word.unicodeScalars.allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }
            guard lower || (upper && !lowercaseOnly) else { return false }
        }
        return true
    }

    /// Why `name` is not a valid import or export name, or nil when it is valid.
    static func problem(with name: String) -> String? {
        if name.isEmpty { return "`` is not in kebab case" }
        // Dependency names (`unlocked-dep=<…>`, `locked-dep=<…>`, `url=<…>`, `hash=<…>`,
        // `integrity=<…>`) are accepted without a closer look.
        if name.contains("=<") { return name.hasSuffix(">") ? nil : "`\(name)` is not a valid extern name" }
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return "`\(name)` is not a valid extern name" }
            let annotation = name[name.index(after: name.startIndex)..<close]
            let rest = name[name.index(after: close)...]
            switch annotation {
            case "constructor":
                return isKebab(rest) ? nil : "`\(rest)` is not in kebab case"
            case "method", "static":
                guard let dot = rest.firstIndex(of: ".") else { return "failed to find `.` character" }
                let resource = rest[..<dot]
                let member = rest[rest.index(after: dot)...]
                guard isKebab(resource) else { return "`\(resource)` is not in kebab case" }
                return isKebab(member) ? nil : "`\(member)` is not in kebab case"
            default:
                return "`\(name)` is not a valid extern name: unknown annotation `[\(annotation)]`"
            }
        }
        if name.contains(":") || name.contains("/") {
            return interfaceProblem(name)
        }
        return isKebab(Substring(name)) ? nil : "`\(name)` is not in kebab case"
    }

    /// Why `name` is not a valid interface name `ns:pkg/iface[@version]`, or nil.
    static func interfaceProblem(_ name: String) -> String? {
        var body = Substring(name)
        if let at = body.firstIndex(of: "@") {
            if let problem = VersionValidation.problem(body[body.index(after: at)...]) {
                return "`\(name)` is not a valid extern name: \(problem)"
            }
            body = body[..<at]
        }
        guard let slash = body.firstIndex(of: "/") else {
            return body.contains(":") ? "`` is not in kebab case" : "`\(name)` is not in kebab case"
        }
        let package = body[..<slash]
        let path = body[body.index(after: slash)...]
        let parts = package.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return "`\(name)` is not in kebab case" }
        // Nested namespaces and nested projections are future syntax (gated in the spec).
        guard parts.count == 2 else { return "`\(name)` is not a valid extern name: expected `/` after package name" }
        for p in parts where !isKebab(p, lowercaseOnly: true) {
            return p.isEmpty ? "`` is not in kebab case" : "`\(name)` is not a valid extern name: `\(p)` is not a lowercase kebab-case namespace or package"
        }
        for p in path.split(separator: "/", omittingEmptySubsequences: false) where !isKebab(p) {
            return p.isEmpty ? "`` is not in kebab case" : "`\(p)` is not in kebab case"
        }
        if let extra = path.firstIndex(of: "/") {
            return "`\(name)` is not a valid extern name: trailing characters found: `\(path[extra...])`"
        }
        return nil
    }

    /// Whether a value type contains a `borrow` handle (function results may not).
    static func containsBorrow(_ t: ResolvedValueType) -> Bool {
        t.contains { if case .borrow = $0 { return true } else { return false } }
    }

    /// The keys under which names must be unique (strong uniqueness), case-insensitively:
    /// `[method]r.m` and `[static]r.m` share the key `r.m`, and when the member label equals the
    /// resource label (`[method]a.a`) they also take the plain name `a`; `[constructor]r` and other
    /// names are their own key.
    static func uniquenessKeys(_ name: String) -> [String] {
        let lower = name.lowercased()
        for prefix in ["[method]", "[static]"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: ".") else { break }
            let resource = rest[..<dot]
            let member = rest[rest.index(after: dot)...]
            return resource == member ? [String(rest), String(member)] : [String(rest)]
        }
        return [lower]
    }

    /// Why a function named `[constructor]r`, `[method]r.f` or `[static]r.f` does not fit its
    /// resource `r`, or nil. `resources` are the resource types named in the same namespace.
    static func annotationProblem(_ name: String, _ f: ResolvedFunctionType, resources: [String: ResourceID]) -> String? {
        func label(after prefix: String) -> String {
            let rest = name.dropFirst(prefix.count)
            return String(rest.firstIndex(of: ".").map { rest[..<$0] } ?? rest)
        }
        /// Whether the resource `id` used by the function is the one named `expected`.
        func nameProblem(_ id: ResourceID, expected: String) -> String? {
            if resources[expected] == id { return nil }
            guard let other = resources.filter({ $0.value == id }).keys.sorted().first else {
                return "resource used in function does not have a name in this context"
            }
            return "function does not match expected resource name `\(other)`"
        }
        if name.hasPrefix("[constructor]") {
            guard let result = f.result else { return "function should return one value" }
            switch result {
            case .own(let id), .result(ok: .own(let id)?, error: _): return nameProblem(id, expected: label(after: "[constructor]"))
            default: return "function should return `(own $T)` or `(result (own $T))`"
            }
        }
        if name.hasPrefix("[method]") {
            guard let first = f.parameters.first else { return "function should have at least one argument" }
            guard first.label == "self" else { return "function should have a first argument called `self`" }
            guard case .borrow(let id) = first.type else { return "function should take a first argument of `(borrow $T)`" }
            return nameProblem(id, expected: label(after: "[method]"))
        }
        if name.hasPrefix("[static]"), resources[label(after: "[static]")] == nil {
            return "static resource name is not known in this context"
        }
        return nil
    }
}
