/// The imports and exports of a component as WIT text.
///
/// Prints a `world` with one line per import and export: functions as
/// `export name: func(a: u32) -> string;`, interfaces as `import ns:pkg/iface@1.0.0;`, then one
/// `interface` block per imported or exported interface whose type is known, listing its types
/// (records, variants, enums, flags, resources, aliases) and functions. Types are printed by the
/// names the component gives them (import, export and alias names); an unnamed type is printed
/// structurally (`list<u8>`, `option<point>`), or as `type-N` when it cannot be.
/// Resource methods keep their binary names, for example `[method]file.read: func(self: borrow<file>) -> …;`.
public func witText(of component: Component) -> String {
    var printer = WITPrinter()
    return printer.print(component)
}

/// Walks a component's sections, building the ``WITScope`` of the top level, and prints.
struct WITPrinter {
    /// Scopes from the outermost (the component) to the innermost being printed.
    var scopes: [WITScope] = [WITScope()]
    var lines: [String] = []
    var interfaceBlocks: [String] = []
    /// The nested components, in index order.
    var components: [Component] = []
    /// The function lines (`name: func(...)`) of the exports, collected for nested components.
    var exportedFunctions: [String] = []
    /// ``nestedExportedFunctions(_:)`` results by nested component index.
    var nestedCache: [UInt32: [String]] = [:]

    mutating func print(_ component: Component) -> String {
        for section in component.sections {
            switch section {
            case .types(let items): for t in items { scopes[0].types.append((.definition(t.definition), nil)) }
            case .aliases(let items):
                for a in items { addAlias(a) }
            case .component(let c): components.append(c)
            case .imports(let items):
                for i in items {
                    if case .instance = i.descriptor { scopes[0].instanceNames[scopes[0].instances.count] = i.name.name }
                    lines.append("  " + importLine(i.name.name, i.descriptor))
                    scopes[0].add(i.descriptor, name: i.name.name)
                    if case .instance(let t) = i.descriptor { addInterfaceBlock(i.name.name, typeIndex: t) }
                }
            case .exports(let items):
                for e in items { printExport(e) }
            case .instances(let items):
                for i in items {
                    switch i.expression {
                    case .exports(let list): scopes[0].instances.append(.inline(list))
                    case .instantiate(let c, _): scopes[0].instances.append(.instantiated(c))
                    }
                }
            case .canons(let items):
                for c in items {
                    if case .lift(_, _, let t) = c.kind { scopes[0].functions.append(.typed(t)) }
                }
            default: break
            }
        }
        var out = "world root {\n" + lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n") + "}\n"
        for block in interfaceBlocks { out += "\n" + block }
        return out
    }

    mutating func addAlias(_ a: Alias) {
        switch (a.sort, a.target) {
        case (.type, .export(let i, let name)):
            scopes[0].typeOrigins[scopes[0].types.count] = (i, name)
            scopes[0].types.append((.unknown, name))
        case (.type, _): scopes[0].types.append((.unknown, nil))
        case (.function, .export(let i, let name)): scopes[0].functions.append(.instanceExport(instance: i, name: name))
        case (.function, _): scopes[0].functions.append(.unknown)
        case (.instance, _): scopes[0].instances.append(.unknown)
        default: break
        }
    }

    mutating func printExport(_ e: ComponentExport) {
        let name = e.name.name
        let desc = e.ascribedType
        switch e.item.sort {
        case .function:
            if case .function(let t)? = desc {
                exportFunction(name, functionText(typeIndex: t))
            } else if let f = WITScope.at(scopes[0].functions, e.item.index) {
                exportFunction(name, topLevelFunctionText(f))
                scopes[0].functions.append(f)
                return
            } else {
                exportFunction(name, "func")
            }
            scopes[0].functions.append(.unknown)
        case .instance:
            lines.append("  export \(name);")
            if case .instance(let t)? = desc {
                addInterfaceBlock(name, typeIndex: t)
                scopes[0].instances.append(.typed(t))
            } else {
                let entry = WITScope.at(scopes[0].instances, e.item.index) ?? .unknown
                switch entry {
                case .typed(let t): addInterfaceBlock(name, typeIndex: t)
                case .inline(let list): addInlineInterfaceBlock(name, list)
                case .instantiated(let c):
                    let functions = nestedExportedFunctions(c)
                    interfaceBlocks.append("interface \(name) {\n" + functions.map { "  \($0);\n" }.joined() + "}\n")
                case .unknown: break
                }
                scopes[0].instances.append(entry)
            }
        case .type:
            scopes[0].addTypeAlias(of: e.item.index, name: name)
        default:
            lines.append("  export \(name);  // \(e.item.sort.name)")
        }
    }

    /// Records an exported function line.
    mutating func exportFunction(_ name: String, _ type: String) {
        lines.append("  export \(name): \(type);")
        exportedFunctions.append("\(name): \(type)")
    }

    /// One import line: `import name: func(...);`, `import iface;` or `use iface.{type};`.
    func importLine(_ name: String, _ desc: ExternDescriptor) -> String {
        if case .type(.equal(let i)) = desc, let n = Int(exactly: i),
           let origin = scopes[0].typeOrigins[n], let iface = scopes[0].instanceNames[Int(origin.instance)] {
            return origin.name == name ? "use \(iface).{\(name)};" : "use \(iface).{\(origin.name) as \(name)};"
        }
        return "import " + externLine(name, desc)
    }

    /// `name: func(...) -> ...;` or `iface;` for one import line (without `import `).
    func externLine(_ name: String, _ desc: ExternDescriptor) -> String {
        switch desc {
        case .function(let t): return "\(name): \(functionText(typeIndex: t));"
        case .instance: return "\(name);"
        case .type(.subResource): return "\(name);  // resource"
        case .type: return "\(name);  // type"
        case .coreModule: return "\(name);  // core module"
        case .component: return "\(name);  // component"
        case .value: return "\(name);  // value"
        }
    }

    /// An interface block for an instance made of inline exports (printed with the outer scope).
    mutating func addInlineInterfaceBlock(_ name: String, _ exports: [InlineExport]) {
        var body: [String] = []
        for e in exports where e.item.sort == .function {
            if let f = WITScope.at(scopes[0].functions, e.item.index) {
                body.append("  \(e.name.name): \(functionText(f));")
            }
        }
        interfaceBlocks.append("interface \(name) {\n" + body.map { $0 + "\n" }.joined() + "}\n")
    }

    /// An interface block for the instance type at `typeIndex` of the top scope.
    mutating func addInterfaceBlock(_ name: String, typeIndex: UInt32) {
        guard let (entry, _) = WITScope.at(scopes[0].types, typeIndex),
              case .instance(let decls)? = resolveEntry(entry, depth: 0) else { return }
        scopes.append(WITScope())
        var body: [String] = []
        var resources: [(Int, String)] = []
        var members: [String: [String]] = [:]
        let last = scopes.count - 1
        for d in decls {
            switch d.kind {
            case .type(let t): scopes[last].types.append((.definition(t.definition), nil))
            case .alias(let a):
                if a.sort == .type, case .outer(let count, let index) = a.target,
                   let c = Int(exactly: count), c <= last, let n = Int(exactly: index) {
                    let outerName = n < scopes[last - c].types.count ? scopes[last - c].types[n].name : nil
                    scopes[last].types.append((.alias(depth: c, index: n), outerName))
                } else if a.sort == .type {
                    scopes[last].types.append((.unknown, nil))
                }
            case .export(let n, let desc):
                switch desc {
                case .function(let t):
                    if let (resource, line) = resourceMember(n.name, typeIndex: t) {
                        members[resource, default: []].append(line)
                    } else {
                        body.append("  \(Self.identifier(n.name)): \(functionText(typeIndex: t));")
                    }
                case .type(.subResource):
                    resources.append((body.count, n.name))
                    body.append("  resource \(n.name);")
                case .type(.equal(let i)):
                    let target = WITScope.at(scopes[last].types, i)
                    if let text = typeDefinitionText(n.name, typeIndex: i) {
                        body.append("  " + text)
                    } else if let other = target?.name, other != n.name {
                        body.append("  type \(n.name) = \(other);")
                    } else {
                        body.append("  use \(n.name);")
                    }
                default: break
                }
                scopes[last].add(desc, name: n.name)
            default: break
            }
        }
        scopes.removeLast()
        for (position, resource) in resources {
            if let lines = members[resource] {
                body[position] = "  resource \(resource) {\n" + lines.map { "    \($0)\n" }.joined() + "  }"
            }
        }
        interfaceBlocks.append("interface \(name) {\n" + body.map { $0 + "\n" }.joined() + "}\n")
    }

    /// For `[constructor]r`, `[method]r.f` and `[static]r.f`: the resource and the member line
    /// in WIT syntax (`constructor(a: u32);`, `f: func();` without `self`, `f: static func();`).
    func resourceMember(_ name: String, typeIndex: UInt32) -> (String, String)? {
        let kinds = ["[constructor]", "[method]", "[static]"]
        guard let kind = kinds.first(where: { name.hasPrefix($0) }) else { return nil }
        let rest = String(name.dropFirst(kind.count))
        let last = scopes.count - 1
        guard let (entry, _) = WITScope.at(scopes[last].types, typeIndex),
              case .function(let f)? = resolveEntry(entry, depth: 0) else { return nil }
        var params = f.parameters
        func list(_ p: [LabeledValueType]) -> String {
            p.map { "\(Self.identifier($0.label)): \(typeText($0.type))" }.joined(separator: ", ")
        }
        switch kind {
        case "[constructor]":
            return (rest, "constructor(\(list(params)));")
        case "[method]":
            guard let dot = rest.firstIndex(of: ".") else { return nil }
            if params.first?.label == "self" { params.removeFirst() }
            let result = f.result.map { " -> " + typeText($0) } ?? ""
            return (String(rest[..<dot]), "\(Self.identifier(String(rest[rest.index(after: dot)...]))): func(\(list(params)))\(result);")
        default:
            guard let dot = rest.firstIndex(of: ".") else { return nil }
            let result = f.result.map { " -> " + typeText($0) } ?? ""
            return (String(rest[..<dot]), "\(Self.identifier(String(rest[rest.index(after: dot)...]))): static func(\(list(params)))\(result);")
        }
    }

    /// The type text of a top-level function, following exports of instances of nested
    /// components into those components.
    mutating func topLevelFunctionText(_ f: WITScope.FunctionEntry) -> String {
        guard case .instanceExport(let i, let name) = f,
              case .instantiated(let c)? = WITScope.at(scopes[0].instances, i) else { return functionText(f) }
        let prefix = name + ": "
        guard let line = nestedExportedFunctions(c).first(where: { $0.hasPrefix(prefix) }) else { return "func" }
        return String(line.dropFirst(prefix.count))
    }

    /// The exported function lines of nested component `c`, printed once and cached (so the
    /// work stays linear in the size of the component however the exports refer to it).
    mutating func nestedExportedFunctions(_ c: UInt32) -> [String] {
        if let cached = nestedCache[c] { return cached }
        guard let nested = WITScope.at(components, c) else { return [] }
        var sub = WITPrinter()
        _ = sub.print(nested)
        nestedCache[c] = sub.exportedFunctions
        return sub.exportedFunctions
    }
}
