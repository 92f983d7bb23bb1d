import ComponentBinary
import ComponentModel
import Testing
import WasmInterpreter

/// A plain value of each type, to call exports of mutated components with.
func sampleValue(_ type: ResolvedValueType) -> ComponentValue {
    switch type {
    case .primitive(let p):
        switch p {
        case .bool: return .bool(true)
        case .s8: return .s8(-1)
        case .u8: return .u8(1)
        case .s16: return .s16(-1)
        case .u16: return .u16(1)
        case .s32: return .s32(-1)
        case .u32: return .u32(1)
        case .s64: return .s64(-1)
        case .u64: return .u64(1)
        case .f32: return .f32(1.5)
        case .f64: return .f64(-2.5)
        case .char: return .char("é")
        case .string, .errorContext: return .string("héllo")
        }
    case .record(let fields): return .record(fields.map { ($0.label, sampleValue($0.type)) })
    case .variant(let cases): return .variant(case: cases[cases.count - 1].label, payload: cases[cases.count - 1].type.map(sampleValue))
    case .list(let t), .fixedList(let t, _): return .list([sampleValue(t), sampleValue(t)])
    case .tuple(let items): return .tuple(items.map(sampleValue))
    case .flags(let labels): return .flags(Array(labels.prefix(1)))
    case .enum(let labels): return .enum(labels[labels.count - 1])
    case .option(let t): return .option(sampleValue(t))
    case .result(let ok, _): return .result(isOK: true, payload: ok.map(sampleValue))
    case .own(let r): return .own(ResourceHandle(type: r, rep: 1))
    case .borrow(let r): return .borrow(ResourceHandle(type: r, rep: 1))
    case .stream, .future, .map: return .list([])
    }
}

/// Deterministic pseudo-random numbers.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutated fixture components: loading, instantiating and calling every export must give
/// values or errors, never a crash.
@Test(arguments: ["complex.wasm", "strings.wasm", "counter.wasm", "minimal.wasm"])
func mutatedComponentsNeverCrash(name: String) throws {
    guard let original = wippyFixture(name) else { return }
    var rng = SplitMix(state: UInt64(name.utf8.count) &* 7919)
    var loaded = 0
    for round in 0..<300 {
        var bytes = original
        let edits = 1 + Int(rng.next() % 4)
        for _ in 0..<edits {
            let i = 8 + Int(rng.next() % UInt64(bytes.count - 8))
            bytes[i] = round % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : bytes[i] ^ (1 << UInt8(rng.next() % 8))
        }
        guard let component = try? LoadedComponent(bytes: bytes) else { continue }
        loaded += 1
        var configuration = StoreConfiguration()
        configuration.fuel = 200_000
        guard let instance = try? ComponentRuntime(configuration: configuration).instantiate(component) else { continue }
        for f in instance.functionNames {
            guard let type = instance.functionType(f) else { continue }
            _ = try? instance.call(f, type.parameters.map { sampleValue($0.type) })
        }
    }
    print("\(name): \(loaded) of 300 mutants loaded")
}
