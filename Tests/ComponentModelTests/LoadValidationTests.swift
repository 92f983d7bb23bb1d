import ComponentBinary
import ComponentModel
import Testing
import WasmBinary
import WasmValidation

/// `LoadedComponent(bytes:validate:)`: the embedded core modules go through the given
/// validation (the command line's persistent cache), decoded in place.
@Suite("Component loading with a given module validation")
struct LoadValidationTests {
    @Test("every embedded module is validated once through the closure, decoded in place")
    func closureSeesEachModule() throws {
        guard let bytes = wippyFixture("complex.wasm") else { return }
        let expected = try decodeComponent(bytes).modules.map(\.range)
        var seen: [Range<Int>] = []
        _ = try LoadedComponent(bytes: bytes, validate: { module in
            #expect(module.bytes.count == bytes.count)
            seen.append(module.range)
            return try validateModule(module)
        })
        #expect(!expected.isEmpty)
        #expect(seen == expected)
    }

    @Test("what the closure throws is the component's validation error")
    func closureErrorsAreValidationErrors() throws {
        guard let bytes = wippyFixture("minimal.wasm") else { return }
        struct Refused: Error, CustomStringConvertible { var description: String { "refused by the test" } }
        do {
            _ = try LoadedComponent(bytes: bytes, validate: { _ in throw Refused() })
            Issue.record("the component loaded")
        } catch {
            #expect(error.kind == .validation)
            #expect("\(error)".contains("refused by the test"))
            #expect("\(error)".contains("core module at byte offset 0x"))
        }
    }
}
