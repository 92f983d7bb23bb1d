import ComponentBinary
import ComponentModel
import FuzzSupport
import Testing
import WasmInterpreter
import SeededRandom

/// Mutated fixture components: loading, instantiating and calling every export must give
/// values or errors, never a crash.
@Test(arguments: ["complex.wasm", "strings.wasm", "counter.wasm", "minimal.wasm"])
func mutatedComponentsNeverCrash(name: String) throws {
    guard let original = wippyFixture(name) else { return }
    var rng = SplitMix64(state: UInt64(name.utf8.count) &* 7919)
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
            _ = try? instance.call(f, type.parameters.map { SampleValues.value($0.type) })
        }
    }
    print("\(name): \(loaded) of 300 mutants loaded")
}
