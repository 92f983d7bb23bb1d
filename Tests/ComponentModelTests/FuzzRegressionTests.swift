import Foundation
import FuzzSupport
import Testing
@testable import ComponentModel
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
                _ = try instance.call(f, type.parameters.map { SampleValues.value($0.type) })
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

/// An instantiated component is freed with its last reference: its runtime (and so the store
/// and the address space its memories reserve) and everything instantiation built. Found by
/// `make fuzz`: every instantiation leaked (a lowered import's closure held its runtime, and
/// nested types and components held their scope), until the address space ran out and an
/// allocation aborted the process.
struct InstanceLifetimeTests {
    @Test(arguments: ["nested-sleeper.wasm", "stream-writer.wasm", "funcs-caller.wasm"])
    func droppedInstancesAreFreed(_ name: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: repositoryRoot + "/testsuite/components/" + name))
        let component = try LoadedComponent(bytes: [UInt8](bytes))
        weak var runtime: ComponentRuntime?
        weak var exports: AnyObject?
        do {
            let owner = ComponentRuntime()
            let instance = try owner.instantiate(component)
            runtime = owner
            exports = instance.root
            #expect(runtime != nil && exports != nil)
        }
        #expect(runtime == nil)
        #expect(exports == nil)
    }
}
