import ComponentModel
import Foundation
import Testing
import WasmInterpreter

/// Every input the fuzzers found (testsuite/fuzz-regressions) runs to an end: loaded,
/// instantiated and each export called with plain values under fuel, as the fuzzer's component
/// surface does; errors and traps are fine, a hang or a crash is not.
struct FuzzRegressionTests {
    static let folder = repositoryRoot + "/testsuite/fuzz-regressions"

    static var components: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".wasm") }.sorted()
    }

    @Test(arguments: components)
    func componentInputsEnd(_ name: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        guard let component = try? LoadedComponent(bytes: [UInt8](bytes)) else { return }
        var configuration = StoreConfiguration()
        configuration.fuel = 200_000
        guard let instance = try? ComponentRuntime(configuration: configuration).instantiate(component) else { return }
        var outcomes: [String] = []
        for f in instance.functionNames {
            guard let type = instance.functionType(f) else { continue }
            do {
                _ = try instance.call(f, type.parameters.map { sampleValue($0.type) })
                outcomes.append("\(f): returned")
            } catch {
                outcomes.append("\(f): \(error.message)")
            }
        }
        #expect(!outcomes.isEmpty)
    }

    /// The component that hung the fuzzer: its loop is stopped by fuel now.
    @Test func aLoopBranchingToItsOwnStartSpendsFuel() throws {
        let bytes = try #require(FileManager.default.contents(atPath: Self.folder + "/component-loop-to-own-start.wasm"))
        var configuration = StoreConfiguration()
        configuration.fuel = 200_000
        let instance = try ComponentRuntime(configuration: configuration).instantiate(try LoadedComponent(bytes: [UInt8](bytes)))
        do {
            _ = try instance.call("run", [.string("abc")])
            Issue.record("the call returned")
        } catch {
            #expect(error.message.contains("all fuel consumed"))
        }
    }
}
