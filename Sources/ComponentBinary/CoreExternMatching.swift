import WasmBinary

/// Core import matching (the core spec's extern subtyping) for module instantiation arguments.
enum CoreExternMatching {
    /// Why `have` cannot satisfy an import of `want`, or nil when it can (or a type is unknown).
    static func mismatch(have: CoreExtern, want: CoreExtern) -> String? {
        switch (have, want) {
        case (.function(let h?), .function(let w?)):
            return h == w ? nil : "expected \(describe(w)), found \(describe(h))"
        case (.global(let h?), .global(let w?)):
            if h.valueType != w.valueType { return "expected global type \(name(w.valueType)), found \(name(h.valueType))" }
            if h.mutability != w.mutability { return "global mutability differs" }
            return nil
        case (.table(let h?), .table(let w?)):
            if h.elementType != w.elementType {
                return "expected table element type \(name(.ref(w.elementType))), found \(name(.ref(h.elementType)))"
            }
            return limitsFit(h.limits, w.limits) ? nil : "mismatch in table limits"
        case (.memory(let h?), .memory(let w?)):
            if h.limits.shared != w.limits.shared { return "mismatch in the shared flag for memories" }
            if h.limits.is64 != w.limits.is64 { return "mismatch in index type for memories" }
            return limitsFit(h.limits, w.limits) ? nil : "mismatch in memory limits"
        default:
            return nil
        }
    }

    /// Module subtyping: the supplied module may import less than the type allows (each of its
    /// imports must be satisfiable by what the type promises to supply) and must export at least
    /// what the type lists.
    static func moduleMismatch(have: ModuleInfo, want: ModuleInfo) -> String? {
        for h in have.imports {
            guard let w = want.imports.first(where: { $0.module == h.module && $0.name == h.name }) else {
                return "missing expected import `\(h.module)::\(h.name)`"
            }
            if w.extern.sort != h.extern.sort || mismatch(have: w.extern, want: h.extern) != nil {
                return "type mismatch in import `\(h.module)::\(h.name)`"
            }
        }
        for (name, w) in want.exports {
            guard let h = have.exports[name] else { return "missing expected export `\(name)`" }
            if h.sort != w.sort || mismatch(have: h, want: w) != nil {
                return "type mismatch in export `\(name)`"
            }
        }
        return nil
    }

    /// Limits subtyping: at least the minimum asked for, and within the maximum if there is one.
    static func limitsFit(_ have: Limits, _ want: Limits) -> Bool {
        guard have.min >= want.min else { return false }
        guard let wantMax = want.max else { return true }
        guard let haveMax = have.max else { return false }
        return haveMax <= wantMax
    }

    static func name(_ t: ValueType) -> String {
        switch t {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .ref(let r):
            if r == .funcref { return "funcref" }
            if r == .externref { return "externref" }
            return "ref"
        }
    }
}
