/// Type checking of instantiation arguments against the imports of the instantiated component
/// (and of exports against their ascribed types): value types must be equal, function types
/// equal (parameter names included), instances must provide every expected export with a
/// matching type.
///
/// Resource types of the expected side are bound to the given ones on first sight (an imported
/// `sub resource` takes whatever resource is supplied); after that each must stay bound to the
/// same resource. Component types, core module types and types the validator could not resolve
/// are accepted as they are.
struct ExternMatching {
    /// The expected side's resource types bound so far to the given side's.
    var resources: [ResourceID: ResourceID] = [:]

    /// Why `have` cannot stand for `want`, or nil when it can (or is not checked).
    mutating func mismatch(have: ResolvedExtern, want: ResolvedExtern) -> String? {
        switch (have, want) {
        case (.type(.resource(let h), _, _), .type(.resource(let w), _, _)): return bind(w, to: h)
        case (.type(.value(let h), _, _), .type(.value(let w), _, _)): return value(h, w)
        case (.type(.function(let h), _, _), .type(.function(let w), _, _)): return function(h, w)
        case (.type(let h, _, _), .type(let w, _, _)):
            guard let hk = Self.kind(h), let wk = Self.kind(w), hk != wk else { return nil }
            return "expected \(wk), found \(hk)"
        case (.function(let h?), .function(let w?)): return function(h, w)
        case (.instance(let h?), .instance(let w?)):
            for (name, expected) in w.sorted(by: { $0.key < $1.key }) {
                guard let given = h[name] else { return "missing expected export `\(name)`" }
                guard given.sort == expected.sort else {
                    return "type mismatch in instance export `\(name)`: expected a \(expected.sort.name), found a \(given.sort.name)"
                }
                if let problem = mismatch(have: given, want: expected) { return "type mismatch in instance export `\(name)`: \(problem)" }
            }
            return nil
        default: return nil
        }
    }

    /// Binds an expected resource type to a given one, or checks an earlier binding.
    mutating func bind(_ want: ResourceID, to have: ResourceID) -> String? {
        if let bound = resources[want] { return bound == have ? nil : "resource types are not the same" }
        resources[want] = have
        return nil
    }

    /// Function types: same parameters (names and types) and result.
    mutating func function(_ have: ResolvedFunctionType, _ want: ResolvedFunctionType) -> String? {
        guard have.parameters.count == want.parameters.count else {
            return "expected \(want.parameters.count) parameters, found \(have.parameters.count)"
        }
        for (h, w) in zip(have.parameters, want.parameters) {
            guard h.label == w.label else { return "expected parameter named `\(w.label)`, found `\(h.label)`" }
            if let problem = value(h.type, w.type) { return "type mismatch in function parameter `\(w.label)`: \(problem)" }
        }
        switch (have.result, want.result) {
        case (nil, nil): return nil
        case (nil, _?): return "expected a result, found none"
        case (_?, nil): return "expected no result, found one"
        case (let h?, let w?): return value(h, w).map { "type mismatch with result type: \($0)" }
        }
    }

    /// Value types: structurally equal.
    mutating func value(_ have: ResolvedValueType, _ want: ResolvedValueType) -> String? {
        switch (have, want) {
        case (.primitive(let h), .primitive(let w)):
            return h == w ? nil : "expected primitive `\(w.witName)` found primitive `\(h.witName)`"
        case (.record(let h), .record(let w)):
            guard h.count == w.count else { return "expected \(w.count) fields, found \(h.count)" }
            for (hf, wf) in zip(h, w) {
                guard hf.label == wf.label else { return "expected field name `\(wf.label)`, found `\(hf.label)`" }
                if let problem = value(hf.type, wf.type) { return "type mismatch in record field `\(wf.label)`: \(problem)" }
            }
            return nil
        case (.variant(let h), .variant(let w)):
            guard h.count == w.count else { return "expected \(w.count) cases, found \(h.count)" }
            for (hc, wc) in zip(h, w) {
                guard hc.label == wc.label else { return "expected case named `\(wc.label)`, found `\(hc.label)`" }
                switch (hc.type, wc.type) {
                case (nil, _?): return "expected case `\(wc.label)` to have a type, found none"
                case (_?, nil): return "expected case `\(wc.label)` to have no type"
                case (let ht?, let wt?):
                    if let problem = value(ht, wt) { return "type mismatch in variant case `\(wc.label)`: \(problem)" }
                case (nil, nil): break
                }
            }
            return nil
        case (.tuple(let h), .tuple(let w)):
            guard h.count == w.count else { return "expected \(w.count) types, found \(h.count)" }
            for (i, (ht, wt)) in zip(h, w).enumerated() {
                if let problem = value(ht, wt) { return "type mismatch in tuple field \(i): \(problem)" }
            }
            return nil
        case (.flags(let h), .flags(let w)): return h == w ? nil : "mismatch in flags elements"
        case (.enum(let h), .enum(let w)): return h == w ? nil : "mismatch in enum elements"
        case (.list(let h), .list(let w)), (.option(let h), .option(let w)):
            return value(h, w).map { "type mismatch in \(want.kindName) element: \($0)" }
        case (.fixedList(let h, let hn), .fixedList(let w, let wn)):
            guard hn == wn else { return "expected a list of length \(wn), found length \(hn)" }
            return value(h, w).map { "type mismatch in list element: \($0)" }
        case (.result(let hok, let herr), .result(let wok, let werr)):
            if let problem = optional(hok, wok, what: "ok type") { return "type mismatch in ok variant: \(problem)" }
            if let problem = optional(herr, werr, what: "err type") { return "type mismatch in err variant: \(problem)" }
            return nil
        case (.stream(let h), .stream(let w)), (.future(let h), .future(let w)):
            return optional(h, w, what: "payload")
        case (.map(let hk, let hv), .map(let wk, let wv)):
            return value(hk, wk) ?? value(hv, wv)
        case (.own(let h), .own(let w)), (.borrow(let h), .borrow(let w)):
            return bind(w, to: h)
        default:
            if case .primitive = want { return "expected primitive, found \(have.kindName)" }
            return "expected \(want.kindName), found \(have.kindName)"
        }
    }

    /// An optional payload: both absent, or both present and equal.
    private mutating func optional(_ have: ResolvedValueType?, _ want: ResolvedValueType?, what: String) -> String? {
        switch (have, want) {
        case (nil, nil): return nil
        case (_?, nil): return "expected \(what) to not be present"
        case (nil, _?): return "expected \(what), but found none"
        case (let h?, let w?): return value(h, w)
        }
    }

    /// The kind of a type definition for messages (nil when unknown).
    static func kind(_ t: ResolvedType) -> String? {
        switch t {
        case .value: return "defined type"
        case .function: return "func type"
        case .instance: return "instance type"
        case .component: return "component type"
        case .resource: return "resource"
        case .unknown: return nil
        }
    }
}
