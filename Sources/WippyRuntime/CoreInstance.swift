import ComponentBinary
import ComponentModel
import WasmBinary
import WasmInterpreter
import WasmValidation
import WippyFuncs
import WippyJSON

/// An instance of a core module entry (`function.wat`, or `function.wasm` holding a module):
/// its store keeps the translated code across calls.
final class CoreInstance: LiveInstance {
    let store: Store
    let function: FunctionAddress
    let coreType: FunctionType
    let signature: WITFunction?
    let method: String
    let fail: @Sendable (String, EntryError.Kind) -> EntryError

    init(module: ValidatedModule, method: String, wit: WITSignatures?, configuration: StoreConfiguration,
         fail: @escaping @Sendable (String, EntryError.Kind) -> EntryError) throws(EntryError) {
        store = Store(configuration: configuration)
        self.method = method
        self.fail = fail
        let instance: Instance
        do {
            instance = try store.instantiate(module) { _, _ in nil }
        } catch {
            throw fail("cannot instantiate: \(error)", { if case .trap = error { return .trap } else { return .invalid } }())
        }
        guard let function = instance.exportedFunction(method) else {
            throw fail("field 'method': the module exports no function named '\(method)'", .invalid)
        }
        self.function = function
        coreType = store.functionType(function)
        signature = wit?.functions[method]
        if let signature, signature.coreType != coreType {
            throw fail("field 'wit': '\(method)' is declared as \(signature.description) but the module's function has core type \(Self.describe(coreType))", .invalid)
        }
    }

    var retainedMemory: UInt64 { store.retainedBytes }
    private(set) var isBroken = false

    private var parameterCount: Int { signature?.parameters.count ?? coreType.parameters.count }

    func call(_ arguments: CallArguments, depth: Int, callChain: CallChain?, limits: CallLimits,
              done: @escaping (Result<CallResult, EntryError>) -> Void) {
        store.deadline = limits.deadlineFromNow()
        store.remainingFuel = limits.fuel
        done(Result { () throws(EntryError) -> CallResult in try callNow(arguments) })
    }

    private func callNow(_ arguments: CallArguments) throws(EntryError) -> CallResult {
        let json: [JSONValue]
        switch arguments {
        case .text(let words, _): json = try parse(words)
        case .json(let values, _): json = values
        case .jsonBody(let body, _): json = try CallArguments.argumentArray(body, fail: fail)
        case .values(let values):
            guard values.count == parameterCount else {
                throw fail("'\(method)' takes \(parameterCount) argument(s), got \(values.count)", .arguments)
            }
            var converted: [JSONValue] = []
            for (index, value) in values.enumerated() {
                do {
                    converted.append(try ComponentValueJSON.encode(value, as: resolvedType(index)))
                } catch {
                    throw fail("argument \(index + 1)\(parameterName(index)): \(error)", .arguments)
                }
            }
            json = converted
        case .funcs:
            throw fail("\(method) takes \(describeParameters()), not one string or list<u8> (core modules cannot be funcs targets)", .invalid)
        }
        let result = try invoke(json)
        switch arguments {
        case .text(_, answer: .text), .json(_, answer: .text), .jsonBody(_, answer: .text): return .jsonText(result?.serializedBytes())
        case .text, .json, .jsonBody, .funcs: return .json(result)
        case .values: break
        }
        guard let result, let type = resultType else { return .value(nil) }
        do {
            return .value(try ComponentValueJSON.decode(result, as: type))
        } catch {
            throw fail("result: \(error)", .invalid)
        }
    }

    private func parse(_ words: [String]) throws(EntryError) -> [JSONValue] {
        guard words.count == parameterCount else {
            throw fail("'\(method)' takes \(parameterCount) argument(s), got \(words.count)", .arguments)
        }
        var values: [JSONValue] = []
        for (index, word) in words.enumerated() {
            switch ValueConversion.argument(word, takesString: signature?.parameters[index].type == .char) {
            case .success(let value): values.append(value)
            case .failure(let failure): throw fail("argument \(index + 1)\(parameterName(index)): \(failure.message)", .arguments)
            }
        }
        return values
    }

    private func parameterName(_ index: Int) -> String { signature.map { " '\($0.parameters[index].name)'" } ?? "" }

    private func invoke(_ arguments: [JSONValue]) throws(EntryError) -> JSONValue? {
        guard arguments.count == parameterCount else {
            throw fail("'\(method)' takes \(parameterCount) argument(s), got \(arguments.count)", .arguments)
        }
        var values: [Value] = []
        for (index, json) in arguments.enumerated() {
            let converted = signature.map { ValueConversion.value(json, as: $0.parameters[index].type) }
                ?? ValueConversion.value(json, as: coreType.parameters[index])
            switch converted {
            case .success(let value): values.append(value)
            case .failure(let failure): throw fail("argument \(index + 1)\(parameterName(index)): \(failure.message)", .arguments)
            }
        }
        let results: [Value]
        do {
            results = try store.invoke(function, values)
        } catch {
            isBroken = true
            throw fail("trap: \(error)", .trap)
        }
        if let signature {
            guard let type = signature.result, let first = results.first else { return nil }
            return ValueConversion.json(first, as: type)
        }
        switch results.count {
        case 0: return nil
        case 1: return ValueConversion.json(results[0])
        default: return .array(results.map { ValueConversion.json($0) })
        }
    }

    /// The component-model type standing for parameter `index` (its WIT type, else the core
    /// type as s32/s64/f32/f64).
    private func resolvedType(_ index: Int) -> ResolvedValueType {
        if let type = signature?.parameters[index].type { return .primitive(type.primitive) }
        return Self.primitive(coreType.parameters[index])
    }

    private var resultType: ResolvedValueType? {
        if let signature { return signature.result.map { .primitive($0.primitive) } }
        guard coreType.results.count == 1, let only = coreType.results.first else { return nil }
        return Self.primitive(only)
    }

    private static func primitive(_ type: ValueType) -> ResolvedValueType {
        switch type {
        case .i64: return .primitive(.s64)
        case .f32: return .primitive(.f32)
        case .f64: return .primitive(.f64)
        default: return .primitive(.s32)
        }
    }

    private func describeParameters() -> String {
        signature.map { "(\($0.parameters.map { "\($0.name): \($0.type.rawValue)" }.joined(separator: ", ")))" }
            ?? "(\(coreType.parameters.map { "\($0)" }.joined(separator: ", ")))"
    }

    static func describe(_ type: FunctionType) -> String {
        "(\(type.parameters.map { "\($0)" }.joined(separator: ", "))) -> (\(type.results.map { "\($0)" }.joined(separator: ", ")))"
    }
}

extension WITType {
    /// The component-model primitive of the same name.
    var primitive: PrimitiveValueType {
        switch self {
        case .bool: return .bool
        case .s8: return .s8
        case .s16: return .s16
        case .s32: return .s32
        case .s64: return .s64
        case .u8: return .u8
        case .u16: return .u16
        case .u32: return .u32
        case .u64: return .u64
        case .f32: return .f32
        case .f64: return .f64
        case .char: return .char
        }
    }
}
