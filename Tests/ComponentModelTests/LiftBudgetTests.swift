import Foundation
import Testing
@testable import ComponentModel
import WasmInterpreter

/// A lift (one call's arguments passed out of a component, or one call's results) may take at
/// most `StoreConfiguration.maxLiftedBytes` of host memory. Without it a guest could return a
/// list of many pointers to the same bytes and make the host copy them once per pointer until
/// the process is killed. The component is testsuite/components/lift-budget.wat: `strings` and
/// `bytes` return lists whose elements all name the same `len` bytes, `pass` hands such a list
/// to the host, and `bools`, `options` and `wide` return plain values of a given size.
struct LiftBudgetTests {
    static func instance(budget: Int, linker: ComponentLinker = ComponentLinker()) throws -> InstantiatedComponent {
        let path = repositoryRoot + "/testsuite/components/lift-budget.wasm"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        var configuration = StoreConfiguration()
        configuration.maxLiftedBytes = budget
        return try ComponentRuntime(configuration: configuration).instantiate(try LoadedComponent(bytes: [UInt8](bytes)), linker: linker)
    }

    /// Whether `call` traps with the budget's message naming `budget`.
    static func trapsTooLarge(_ budget: Int, _ call: () throws -> ComponentValue?) -> Bool {
        do {
            _ = try call()
            return false
        } catch let error as ComponentError {
            return error.kind == .trap && error.message.contains("lifted value too large")
                && error.message.contains("more than \(budget) bytes of host memory")
        } catch {
            return false
        }
    }

    @Test func theDefaultIsOneGibibyte() {
        #expect(StoreConfiguration().maxLiftedBytes == 1 << 30)
    }

    @Test func aliasedStringsAreChargedOncePerElement() throws {
        let budget = 1 << 20
        let instance = try Self.instance(budget: budget)
        // 100 strings of 4 KiB: 400 KiB of strings plus the list.
        let small = try instance.call("strings", [.u32(100), .u32(4096)])
        guard case .list(let items)? = small else { Issue.record("not a list: \(String(describing: small))"); return }
        #expect(items.count == 100)
        #expect(items.allSatisfy { $0 == .string(String(repeating: "\u{0}", count: 4096)) })
        // 1,000 of them would be 4 MB, though the guest wrote 8 KB of pointers.
        #expect(Self.trapsTooLarge(budget) { try instance.call("strings", [.u32(1000), .u32(4096)]) })
        // The call after a refused lift works.
        #expect(try instance.call("strings", [.u32(2), .u32(1)]) == .list([.string("\u{0}"), .string("\u{0}")]))
    }

    @Test func aliasedByteListsAreChargedOncePerElement() throws {
        let budget = 1 << 20
        let instance = try Self.instance(budget: budget)
        #expect(try instance.call("bytes", [.u32(3), .u32(2)]) == .list([.bytes([0, 0]), .bytes([0, 0]), .bytes([0, 0])]))
        #expect(Self.trapsTooLarge(budget) { try instance.call("bytes", [.u32(1000), .u32(4096)]) })
    }

    @Test func theBudgetIsExact() throws {
        // A list of bools costs one value per element; one more element than fits traps.
        let budget = 64 * HostBytes.value
        let instance = try Self.instance(budget: budget)
        #expect(try instance.call("bools", [.u32(64)]) == .list(Array(repeating: .bool(false), count: 64)))
        #expect(Self.trapsTooLarge(budget) { try instance.call("bools", [.u32(65)]) })
        // An option is a value in the list plus its box.
        let perOption = HostBytes.value + HostBytes.box
        let options = try Self.instance(budget: 10 * perOption)
        #expect(try options.call("options", [.u32(10)]) == .list(Array(repeating: .option(nil), count: 10)))
        #expect(Self.trapsTooLarge(10 * perOption) { try options.call("options", [.u32(11)]) })
    }

    @Test func aUTF16StringIsChargedItsCopyAndItsUTF8() throws {
        // Two bytes a unit copied, then up to three bytes a unit of UTF-8.
        let instance = try Self.instance(budget: 5 * 100)
        #expect(try instance.call("wide", [.u32(100)]) == .string(String(repeating: "\u{0}", count: 100)))
        #expect(Self.trapsTooLarge(500) { try instance.call("wide", [.u32(101)]) })
    }

    @Test func argumentsPassedToTheHostHaveTheBudgetToo() throws {
        let linker = ComponentLinker()
        try linker.defineFunction("test:lift/host#sink") { call in
            guard case .list(let items)? = call.arguments.first else { return .value(.u32(0)) }
            return .value(.u32(UInt32(items.count)))
        }
        let budget = 1 << 20
        let instance = try Self.instance(budget: budget, linker: linker)
        #expect(try instance.call("pass", [.u32(10), .u32(4096)]) == .u32(10))
        #expect(Self.trapsTooLarge(budget) { try instance.call("pass", [.u32(1000), .u32(4096)]) })
    }

    @Test func eachLiftHasTheWholeBudget() throws {
        // Two lifts of 60% of the budget each: neither is refused.
        let budget = 100 * HostBytes.value
        let instance = try Self.instance(budget: budget)
        for _ in 0..<2 {
            #expect(try instance.call("bools", [.u32(60)]) == .list(Array(repeating: .bool(false), count: 60)))
        }
    }
}
