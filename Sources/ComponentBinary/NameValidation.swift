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
            let version = body[body.index(after: at)...]
            let allowed = version.unicodeScalars.allSatisfy { c in
                (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "." || c == "-" || c == "+"
            }
            guard !version.isEmpty, allowed, version.first != "." else {
                return "`\(name)` is not a valid extern name: malformed version"
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
        for p in parts where !isKebab(p, lowercaseOnly: true) {
            return p.isEmpty ? "`` is not in kebab case" : "`\(name)` is not a valid extern name: `\(p)` is not a lowercase kebab-case namespace or package"
        }
        for p in path.split(separator: "/", omittingEmptySubsequences: false) where !isKebab(p) {
            return p.isEmpty ? "`` is not in kebab case" : "`\(p)` is not in kebab case"
        }
        return nil
    }

    /// Whether a value type contains a `borrow` handle (function results may not).
    static func containsBorrow(_ t: ResolvedValueType) -> Bool {
        switch t {
        case .borrow: return true
        case .primitive, .flags, .enum, .own: return false
        case .record(let f): return f.contains { containsBorrow($0.type) }
        case .variant(let c): return c.contains { $0.type.map(containsBorrow) ?? false }
        case .list(let e), .fixedList(let e, _), .option(let e): return containsBorrow(e)
        case .tuple(let items): return items.contains(where: containsBorrow)
        case .result(let ok, let error): return (ok.map(containsBorrow) ?? false) || (error.map(containsBorrow) ?? false)
        case .stream(let e), .future(let e): return e.map(containsBorrow) ?? false
        case .map(let k, let v): return containsBorrow(k) || containsBorrow(v)
        }
    }

    /// Why a function named `[constructor]r`, `[method]r.f` or `[static]r.f` does not fit its
    /// resource `r` (known by name in `resources`), or nil. Unknown resources are not checked.
    static func annotationProblem(_ name: String, _ f: ResolvedFunctionType, resources: [String: ResourceID]) -> String? {
        func resource(after prefix: String) -> ResourceID? {
            let rest = name.dropFirst(prefix.count)
            let r = rest.firstIndex(of: ".").map { rest[..<$0] } ?? rest
            return resources[String(r)]
        }
        if name.hasPrefix("[constructor]"), let id = resource(after: "[constructor]") {
            switch f.result {
            case .own(id)?, .result(ok: .own(id)?, error: _)?: return nil
            default: return "function should return `(own $T)` or `(result (own $T))`"
            }
        }
        if name.hasPrefix("[method]"), let id = resource(after: "[method]") {
            guard let first = f.parameters.first else { return "should have at least one argument" }
            guard first.label == "self" else { return "the first parameter of `\(name)` must be named `self`" }
            guard first.type == .borrow(id) else { return "the `self` parameter of `\(name)` must be `borrow` of its resource" }
        }
        return nil
    }
}
