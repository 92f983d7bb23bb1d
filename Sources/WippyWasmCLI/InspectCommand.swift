import ComponentBinary
import WasmBinary

/// `wippy-wasm inspect FILE...`: prints a component's world (imports and exports) as WIT, or a
/// core module's imports and exports with their types and sizes.
enum InspectCommand {
    static func run(files: [String]) -> Int32 {
        var status: Int32 = 0
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try ModuleInput.read(file)
            } catch {
                printError("wippy-wasm: \(error.message)")
                status = 1
                continue
            }
            if files.count > 1 { print("// \(file)") }
            if isComponent(bytes) {
                do {
                    let component = try decodeComponent(bytes)
                    print(witText(of: component), terminator: "")
                } catch {
                    printError("wippy-wasm: \(file): \(error)")
                    status = 1
                }
            } else {
                do {
                    print(describe(try decodeModule(bytes)), terminator: "")
                } catch {
                    printError("wippy-wasm: \(file): \(error)")
                    status = 1
                }
            }
        }
        return status
    }

    /// Whether the preamble is a component's (version 0x0d, layer 1).
    static func isComponent(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes[4] == 0x0D && bytes[5] == 0x00 && bytes[6] == 0x01 && bytes[7] == 0x00
    }

    /// A core module's imports and exports, one per line.
    static func describe(_ module: Module) -> String {
        var out = "core module: \(module.range.count) bytes, \(module.bodies.count) functions\n"
        var functionTypes: [UInt32] = []
        for imp in module.imports {
            if case .function(let t) = imp.descriptor { functionTypes.append(t) }
        }
        functionTypes += module.functionTypeIndices
        var memoryTypes: [MemoryType] = []
        for imp in module.imports {
            if case .memory(let m) = imp.descriptor { memoryTypes.append(m) }
        }
        memoryTypes += module.memories
        for imp in module.imports {
            out += "import \"\(imp.module)\" \"\(imp.name)\": \(describe(imp.descriptor, module))\n"
        }
        for export in module.exports {
            var text = "\(export.kind)"
            if export.kind == .function, Int(export.index) < functionTypes.count {
                let t = Int(functionTypes[Int(export.index)])
                if t < module.types.count { text = "func \(signature(module.types[t]))" }
            } else if export.kind == .memory, Int(export.index) < memoryTypes.count {
                text = describe(memoryTypes[Int(export.index)])
            }
            out += "export \"\(export.name)\": \(text)\n"
        }
        return out
    }

    static func describe(_ descriptor: ImportDescriptor, _ module: Module) -> String {
        switch descriptor {
        case .function(let t):
            return Int(t) < module.types.count ? "func \(signature(module.types[Int(t)]))" : "func"
        case .table(let t): return "table \(t.limits.min)\(t.limits.max.map { "..\($0)" } ?? "")"
        case .memory(let m): return describe(m)
        case .global(let g): return "global \(g.mutability == .variable ? "mut " : "")\(g.valueType)"
        case .tag: return "tag"
        }
    }

    /// `memory 1..2 pages`, with `of 1 byte` for the custom-page-sizes proposal's pages, `i64`
    /// addresses and `shared` when they apply.
    static func describe(_ m: MemoryType) -> String {
        var text = "memory \(m.limits.min)\(m.limits.max.map { "..\($0)" } ?? "") pages"
        if m.pageSizeLog2 != 16 { text += " of \(UInt64(1) << UInt64(min(m.pageSizeLog2, 63))) byte\(m.pageSizeLog2 == 0 ? "" : "s")" }
        if m.limits.is64 { text += ", i64 addresses" }
        if m.limits.shared { text += ", shared" }
        return text
    }

    static func signature(_ type: FunctionType) -> String {
        "(\(type.parameters.map { "\($0)" }.joined(separator: ", "))) -> (\(type.results.map { "\($0)" }.joined(separator: ", ")))"
    }
}
