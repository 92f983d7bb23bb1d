// wippy-diff-exec: the wippy-wasm side of `make fuzz-diff` (Utilities/fuzz_diff.py).
//
// Reads a batch of modules and calls on standard input and prints what happened, in a line
// format the script compares with the same run on wasmtime:
//
//   in:  module PATH                     out: module PATH ok | invalid MSG | trap KIND
//        call NAME T:V T:V ...                call NAME ok T:V ... | trap KIND
// (export NAMEs are written in hexadecimal UTF-8: they may be empty or hold spaces)
//        end                                  global NAME T:V   (every exported global)
//                                             memory NAME BYTES SHA256   (every exported memory)
//                                             end
//
// Values: i32/i64 as unsigned decimal, f32/f64 as the bit pattern in decimal or `nan`,
// references as `null` or `ref`. Trap kinds are short names shared with the script.
#if canImport(Glibc)
import Glibc
#endif
import WasmBinary
import WasmInterpreter
import WasmValidation
import WippySHA256

/// One module of the batch: its path and the calls to make in order.
struct Job {
    var path: String
    var calls: [(name: String, arguments: [String])] = []
}

/// The short, runtime-neutral name of a trap.
func trapKind(_ trap: TrapCode) -> String {
    switch trap {
    case .unreachable: return "unreachable"
    case .integerDivideByZero: return "div-zero"
    case .integerOverflow: return "int-overflow"
    case .invalidConversionToInteger: return "bad-conversion"
    // wasmtime reports an unaligned atomic access as a misaligned heap access, the same code
    // as out of bounds (`HEAP_MISALIGNED` in fuzz_diff.py).
    case .outOfBoundsMemoryAccess, .outOfBoundsDataSegmentAccess, .unalignedAtomic: return "memory-oob"
    case .outOfBoundsTableAccess, .outOfBoundsElementSegmentAccess, .undefinedElement: return "table-oob"
    case .uninitializedElement, .nullFunctionReference, .nullReference, .nullStructureReference, .nullArrayReference,
         .nullI31Reference:
        return "null-ref"
    case .outOfBoundsArrayAccess: return "array-oob"
    case .castFailure: return "cast"
    case .gcHeapExhausted: return "gc-heap"
    case .indirectCallTypeMismatch: return "signature"
    case .callStackExhausted: return "stack"
    case .uncaughtException: return "exception"
    default: return "other"
    }
}

func instantiationKind(_ error: InstantiationError) -> String {
    if case .trap(let trap) = error { return "trap \(trapKind(trap))" }
    return "invalid \("\(error)".split(separator: "\n").first ?? "")"
}

/// Formats a value as the script expects.
func format(_ value: Value) -> String {
    switch value {
    case .i32(let v): return "i32:\(v)"
    case .i64(let v): return "i64:\(v)"
    case .f32(let bits): return Float(bitPattern: bits).isNaN ? "f32:nan" : "f32:\(bits)"
    case .f64(let bits): return Double(bitPattern: bits).isNaN ? "f64:nan" : "f64:\(bits)"
    case .v128(let v): return "v128:\(v.lo),\(v.hi)"
    case .funcref(let f): return "ref:\(f == nil ? "null" : "ref")"
    case .externref(let e): return "ref:\(e == nil ? "null" : "ref")"
    case .exnref(let e): return "ref:\(e == nil ? "null" : "ref")"
    default: return "ref:ref"
    }
}

/// Parses `T:V` for a parameter of type `type`; nil when it does not fit.
func parse(_ text: String, as type: ValueType) -> Value? {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let payload = String(text[text.index(after: colon)...])
    switch type {
    case .i32: return UInt32(payload).map { .i32($0) }
    case .i64: return UInt64(payload).map { .i64($0) }
    case .f32: return UInt32(payload).map { .f32($0) }
    case .f64: return UInt64(payload).map { .f64($0) }
    case .v128: return nil
    case .ref: return Value.defaultValue(of: type)
    }
}

func run(_ job: Job) -> [String] {
    var out: [String] = []
    let bytes: [UInt8]
    do {
        bytes = try readFile(job.path)
    } catch {
        return ["module \(job.path) invalid cannot read"]
    }
    let validated: ValidatedModule
    do {
        validated = try validateModule(try decodeModule(bytes))
    } catch {
        return ["module \(job.path) invalid \("\(error)".split(separator: "\n").first ?? "")"]
    }
    // The same cap on linear memory as the script gives wasmtime (`MEMORY_CAP`, 1 GiB).
    var configuration = StoreConfiguration()
    configuration.maxMemoryBytes = 1 << 30
    let store = Store(configuration: configuration)
    let instance: Instance
    do {
        instance = try store.instantiate(validated) { _, _ in nil }
    } catch {
        return ["module \(job.path) \(instantiationKind(error))"]
    }
    out.append("module \(job.path) ok")
    for call in job.calls {
        guard let name = fromHex(call.name), case .function(let f)? = instance.export(name) else {
            out.append("call \(call.name) missing")
            continue
        }
        let type = store.functionType(f)
        var arguments: [Value] = []
        for (i, p) in type.parameters.enumerated() where i < call.arguments.count {
            if let v = parse(call.arguments[i], as: p) { arguments.append(v) }
        }
        guard arguments.count == type.parameters.count else {
            out.append("call \(call.name) skipped")
            continue
        }
        do {
            let results = try store.invoke(f, arguments)
            out.append((["call \(call.name) ok"] + results.map(format)).joined(separator: " "))
        } catch {
            out.append("call \(call.name) trap \(trapKind(error))")
        }
    }
    for export in instance.exports {
        switch export.value {
        case .global(let g):
            out.append("global \(toHex(export.name)) \(format(store.globalValue(g)))")
        case .memory(let m):
            var hash = SHA256()
            store.withUnsafeMemory(m) { hash.update(UnsafeRawBufferPointer($0)) }
            out.append("memory \(toHex(export.name)) \(store.memorySize(m)) \(SHA256.hex(hash.finalize()))")
        default:
            break
        }
    }
    return out
}

struct ReadError: Error {}

/// An export name in hexadecimal, `-` when empty.
func toHex(_ name: String) -> String { name.isEmpty ? "-" : SHA256.hex(Array(name.utf8)) }

/// Decodes ``toHex(_:)``.
func fromHex(_ text: String) -> String? {
    if text == "-" { return "" }
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    var i = 0
    while i + 1 < digits.count {
        guard let high = hexDigit(digits[i]), let low = hexDigit(digits[i + 1]) else { return nil }
        bytes.append(high << 4 | low)
        i += 2
    }
    return String(decoding: bytes, as: UTF8.self)
}

func hexDigit(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    default: return nil
    }
}

func readFile(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw ReadError() }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 1 << 16, f) }
        if n <= 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
}

var job: Job?
while let line = readLine() {
    let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let verb = parts.first else { continue }
    switch verb {
    case "module":
        job = Job(path: parts.dropFirst().joined(separator: " "))
    case "call":
        if parts.count >= 2 { job?.calls.append((parts[1], Array(parts.dropFirst(2)))) }
    case "end":
        if let j = job {
            for l in run(j) { print(l) }
        }
        print("end")
        fflush(nil)
        job = nil
    default:
        break
    }
}
