import ComponentBinary
import Testing
import WasmBinary
import FileSupport

/// Every real component under ../shared/wippy and ../shared/components decodes and validates.
@Suite(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missing)))
struct SharedComponentTests {
    /// The component files of both folders.
    static func componentFiles() -> [String] {
        (Fixtures.wasmFiles(under: "wippy") + Fixtures.wasmFiles(under: "components")).filter { path in
            Files.read(path).map(Fixtures.isComponent) ?? false
        }
    }

    @Test func everyRealComponentDecodesAndValidates() throws {
        let files = Self.componentFiles()
        var decoded = 0
        var validated = 0
        var modules = 0
        var failures: [String] = []
        for path in files {
            guard let bytes = Files.read(path) else { continue }
            do {
                let component = try decodeComponent(bytes)
                decoded += 1
                for m in component.modules {
                    _ = try m.decode()
                    modules += 1
                }
                _ = try validateComponent(component)
                validated += 1
            } catch {
                failures.append("\(path): \(error)")
            }
        }
        print("real components: \(files.count) files, \(decoded) decoded, \(validated) validated, \(modules) embedded core modules decoded")
        for f in failures { print("  FAIL \(f)") }
        #expect(files.count >= 25)
        #expect(failures.isEmpty)
    }
}
