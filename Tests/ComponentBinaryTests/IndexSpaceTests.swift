import ComponentBinary
import WasmBinary
import Testing

/// `ComponentIndexSpaces` counts what `wasm-tools print` numbers.
@Suite(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missing)))
struct IndexSpaceTests {
    @Test func minimalComponent() throws {
        let bytes = try #require(Fixtures.read("wippy/minimal.wasm"))
        let c = try decodeComponent(bytes)
        let spaces = ComponentIndexSpaces(c)
        // (func 0) alias of the host's `add`, (func 1) and (func 3) lifted, (func 2) and
        // (func 4) added by the exports.
        #expect(spaces.count(.function) == 5)
        #expect(spaces.count(.core(.function)) == 4)
        #expect(spaces.count(.core(.module)) == 1)
        #expect(spaces.count(.core(.instance)) == 2)
        #expect(spaces.count(.core(.memory)) == 1)
        #expect(spaces.count(.instance) == 1)
        #expect(spaces.count(.type) == 2)
        guard case .alias(let a)? = spaces.origin(.function, 0) else {
            Issue.record("func 0 should be an alias")
            return
        }
        #expect(a.target == .export(instance: 0, name: "add"))
        guard case .canon(let lift)? = spaces.origin(.function, 1), case .lift(let core, _, let type) = lift.kind else {
            Issue.record("func 1 should be a canon lift")
            return
        }
        #expect(core == 1 && type == 1)
        guard case .export(let e)? = spaces.origin(.function, 4) else {
            Issue.record("func 4 should be an export")
            return
        }
        #expect(e.name.name == "compute-using-host")
        #expect(!spaces.contains(.function, 5))
        #expect(!spaces.contains(.component, 0))
    }

    /// An embedded module is decoded in place: no copy of its bytes, and its ranges are the
    /// component binary's.
    @Test func embeddedModulesDecodeInPlace() throws {
        let bytes = try #require(Fixtures.read("wippy/minimal.wasm"))
        let c = try decodeComponent(bytes)
        let module = try #require(c.modules.first)
        let m = try module.decode()
        #expect(m.bytes.count == bytes.count)
        #expect(m.range == module.range)
        #expect(module.range.lowerBound > 0)
        #expect(!m.bodies.isEmpty)
        #expect(m.bodies.allSatisfy { module.range.contains($0.code.lowerBound) && $0.code.upperBound <= module.range.upperBound })
        #expect(m.exports.contains { $0.name == "compute" })
        // The same module decoded from a copy of its own bytes has the same contents.
        let copy = try decodeModule(module.moduleBytes)
        #expect(copy.range == 0 ..< module.range.count)
        #expect(copy.bodies.map { Array(copy.bytes[$0.code]) } == m.bodies.map { Array(m.bytes[$0.code]) })
        #expect(copy.exports.map(\.name) == m.exports.map(\.name))
    }

    /// A malformed embedded module's error names its offset in the component binary.
    @Test func embeddedModuleErrorsHaveComponentOffsets() throws {
        var bytes = try #require(Fixtures.read("wippy/minimal.wasm"))
        let range = try #require(try decodeComponent(bytes).modules.first).range
        bytes[range.lowerBound + 8] = 0x7F  // the first section's id
        let module = try #require(try decodeComponent(bytes).modules.first)
        #expect(throws: DecodeError("core module: malformed section id", offset: range.lowerBound + 8)) {
            _ = try module.decode()
        }
    }

    @Test func validationSummaryHasResolvedTypes() throws {
        let bytes = try #require(Fixtures.read("wippy/complex.wasm"))
        let summary = try validateComponent(try decodeComponent(bytes))
        guard case .function(let f?)? = summary.exports["try-divide"] else {
            Issue.record("try-divide should be a function export")
            return
        }
        #expect(f.parameters.map(\.label) == ["a", "b"])
        guard case .result(let ok, let error?)? = f.result, case .record(let fields) = error else {
            Issue.record("try-divide should return result<s32, error-info>")
            return
        }
        #expect(ok == .primitive(.s32))
        #expect(fields.map(\.label) == ["code", "message"])
    }
}
