import WasmBinary
import WasmText
import WippyJSON

/// Turns a `.wast` script into the runner's command model: each command becomes the JSON object
/// `wasm-tools json-from-wast` writes for it, with the module carried in memory
/// (``SpecCommand/embeddedModule``) instead of in a file, so both routes share ``ScriptRunner``.
enum WastConversion {
    /// Reads a `.wast` script.
    static func script(bytes: [UInt8], path: String) -> Result<SpecScript, ScriptFormatError> {
        let wast: WastScript
        do {
            wast = try WastScript.parse(bytes: bytes)
        } catch {
            return .failure(ScriptFormatError("malformed script: \(error)"))
        }
        var commands: [SpecCommand] = []
        commands.reserveCapacity(wast.commands.count)
        for command in wast.commands {
            let (json, module) = convert(command)
            var spec = SpecCommand(index: commands.count, json: json)
            spec.embeddedModule = module
            commands.append(spec)
        }
        return .success(SpecScript(
            path: path, directory: FileSystem.directoryName(path),
            sourceFilename: FileSystem.baseName(path), commands: commands))
    }

    /// The JSON form of one command and its module, if it has one.
    static func convert(_ command: WastCommand) -> (JSONValue, WastModule?) {
        var fields: [(key: String, value: JSONValue)] = []
        func add(_ key: String, _ value: JSONValue) { fields.append((key, value)) }
        func add(_ key: String, _ value: String?) { if let value { fields.append((key, .string(value))) } }
        var module: WastModule?

        func moduleFields(_ m: WastModule) {
            module = m
            add("filename", "line \(m.line)")
            add("module_type", m.form == .binary ? "binary" : "text")
        }

        switch command.kind {
        case .module(let m):
            add("type", m.isDefinition ? "module_definition" : "module")
            add("line", .number(JSONNumber(command.line)))
            add("name", m.name)
            moduleFields(m)
        case .moduleInstance(let instance, let definition):
            add("type", "module_instance")
            add("line", .number(JSONNumber(command.line)))
            add("instance", instance)
            add("module", definition)
        case .register(let name, let moduleName):
            add("type", "register")
            add("line", .number(JSONNumber(command.line)))
            add("name", moduleName)
            add("as", name)
        case .action(let action):
            add("type", "action")
            add("line", .number(JSONNumber(command.line)))
            add("action", json(action))
        case .assertReturn(let action, let expected):
            add("type", "assert_return")
            add("line", .number(JSONNumber(command.line)))
            add("action", json(action))
            add("expected", .array(expected.map(json)))
        case .assertTrap(let action, let message):
            add("type", "assert_trap")
            add("line", .number(JSONNumber(command.line)))
            add("action", json(action))
            add("text", message)
        case .assertExhaustion(let action, let message):
            add("type", "assert_exhaustion")
            add("line", .number(JSONNumber(command.line)))
            add("action", json(action))
            add("text", message)
        case .assertException(let action):
            add("type", "assert_exception")
            add("line", .number(JSONNumber(command.line)))
            add("action", json(action))
        case .assertMalformed(let m, let message),
             .assertInvalid(let m, let message),
             .assertMalformedCustom(let m, let message),
             .assertInvalidCustom(let m, let message),
             .assertUnlinkable(let m, let message),
             .assertUninstantiable(let m, let message):
            let type: String
            switch command.kind {
            case .assertMalformed: type = "assert_malformed"
            case .assertInvalid: type = "assert_invalid"
            case .assertMalformedCustom: type = "assert_malformed_custom"
            case .assertInvalidCustom: type = "assert_invalid_custom"
            case .assertUnlinkable: type = "assert_unlinkable"
            default: type = "assert_uninstantiable"
            }
            add("type", type)
            add("line", .number(JSONNumber(command.line)))
            moduleFields(m)
            add("text", message)
        case .unsupported(let name):
            // A type the runner does not know, so the command is skipped.
            add("type", name)
            add("line", .number(JSONNumber(command.line)))
        }
        return (.object(JSONObject(fields)), module)
    }

    private static func json(_ action: WastAction) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("type", .string(action.kind == .invoke ? "invoke" : "get")),
        ]
        if let module = action.module { fields.append(("module", .string(module))) }
        fields.append(("field", .string(action.field)))
        if action.kind == .invoke { fields.append(("args", .array(action.arguments.map(json)))) }
        return .object(JSONObject(fields))
    }

    private static func value(_ type: String, _ value: String?) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("type", .string(type))]
        if let value { fields.append(("value", .string(value))) }
        return .object(JSONObject(fields))
    }

    private static func json(_ argument: WastValue) -> JSONValue {
        switch argument {
        case .i32(let v): return value("i32", String(v))
        case .i64(let v): return value("i64", String(v))
        case .f32(let v): return value("f32", String(v))
        case .f64(let v): return value("f64", String(v))
        case .v128(let v):
            let lanes = (0..<4).map { i -> JSONValue in
                let half = i < 2 ? v.lo : v.hi
                return .string(String(UInt32(truncatingIfNeeded: half >> UInt64((i % 2) * 32))))
            }
            return .object(JSONObject([("type", .string("v128")), ("lane_type", .string("i32")), ("value", .array(lanes))]))
        case .refNull(let heap): return nullReference(heap)
        case .refExtern(let n): return value("externref", String(n))
        case .refHost(let n): return value("anyref", String(n))
        }
    }

    /// `(ref.null ht)` the way `wasm-tools` names it.
    private static func nullReference(_ heap: HeapType?) -> JSONValue {
        switch heap {
        case .function?: return value("funcref", "null")
        case .extern?: return value("externref", "null")
        case .exception?: return value("exnref", "null")
        case .any?: return value("anyref", "null")
        case .eq?: return value("eqref", "null")
        case .i31?: return value("i31ref", "null")
        case .struct?: return value("structref", "null")
        case .array?: return value("arrayref", "null")
        case .none?: return value("nullref", nil)
        case .noFunction?: return value("nullfuncref", nil)
        case .noExtern?: return value("nullexternref", nil)
        case .noException?: return value("nullexnref", nil)
        case .concrete?, .exact?, nil: return value("refnull", nil)
        }
    }

    private static func nan(_ pattern: WastNaN) -> String {
        pattern == .canonical ? "nan:canonical" : "nan:arithmetic"
    }

    private static func json(_ expected: WastExpected) -> JSONValue {
        switch expected {
        case .i32(let v): return value("i32", String(v))
        case .i64(let v): return value("i64", String(v))
        case .f32(.bits(let v)): return value("f32", String(v))
        case .f32(.nan(let p)): return value("f32", nan(p))
        case .f64(.bits(let v)): return value("f64", String(v))
        case .f64(.nan(let p)): return value("f64", nan(p))
        case .v128(let shape, let lanes):
            let values = lanes.map { lane -> JSONValue in
                switch lane {
                case .bits(let bits): return .string(String(bits))
                case .nan(let p): return .string(nan(p))
                }
            }
            return .object(JSONObject([
                ("type", .string("v128")), ("lane_type", .string(shape.rawValue)), ("value", .array(values)),
            ]))
        case .refNull(let heap): return nullReference(heap)
        case .refExtern(let n): return value("externref", n.map { String($0) })
        case .refHost(let n): return value("anyref", String(n))
        case .refFunc: return value("funcref", nil)
        case .ref(let name): return value(name == "exn" ? "exnref" : "\(name)ref", nil)
        case .either(let options):
            return .object(JSONObject([("type", .string("either")), ("values", .array(options.map(json)))]))
        }
    }
}
