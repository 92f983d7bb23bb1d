import Foundation
import Testing
@testable import ComponentModel
import WasmBinary
import WasmInterpreter

/// A lifted function keeps its canonical ABI context and its core argument array from one call
/// for the next (`LiftedCore`, `CanonContext.endCall`). These calls check that nothing of one call
/// leaks into the next: many calls in a row, a trap in the middle, an argument that fails to
/// lower, post-return after each call, and that the kept state does not keep the runtime alive.
/// The component is testsuite/components/call-reuse.wat.
struct CallReuseTests {
    static func component() throws -> LoadedComponent {
        let path = repositoryRoot + "/testsuite/components/call-reuse.wasm"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        return try LoadedComponent(bytes: [UInt8](bytes))
    }

    static func instance() throws -> InstantiatedComponent {
        try ComponentRuntime().instantiate(try component(), linker: ComponentLinker())
    }

    @Test func manyCallsInARowEachRunPostReturn() throws {
        let instance = try Self.instance()
        for i in UInt32(0)..<500 {
            #expect(try instance.call("add", [.u32(i), .u32(i &* 3)]) == .u32(i &* 4))
        }
        // `add`'s post-return ran once per call; `posts` has none.
        #expect(try instance.call("posts", []) == .u32(500))
    }

    @Test func stringsOfEveryLengthRoundTripAndPostReturnFreesTheirSpace() throws {
        let instance = try Self.instance()
        var expectedPosts: UInt32 = 0
        for length in [0, 1, 15, 16, 17, 300, 4096, 3, 0, 2000] {
            let text = String(repeating: "é", count: length / 2) + String(repeating: "x", count: length % 2)
            #expect(try instance.call("echo", [.string(text)]) == .string(text))
            expectedPosts += 1
            // Post-return reset the allocator that `realloc` served the argument from.
            #expect(try instance.call("heap", []) == .u32(1024))
        }
        #expect(try instance.call("posts", []) == .u32(expectedPosts))
        // The same context then serves a call of two flat arguments again.
        #expect(try instance.call("add", [.u32(20), .u32(22)]) == .u32(42))
    }

    @Test func aTrapInTheMiddleLeavesTheNextCallWorking() throws {
        let instance = try Self.instance()
        #expect(try instance.call("check", [.u32(7)]) == .u32(7))
        for round in 0..<3 {
            do {
                _ = try instance.call("check", [.u32(0)])
                Issue.record("check(0) returned in round \(round)")
            } catch {
                #expect(error.kind == .trap)
                #expect(error.trap == .unreachable)
            }
            #expect(try instance.call("check", [.u32(5)]) == .u32(5))
            #expect(try instance.call("add", [.u32(1), .u32(2)]) == .u32(3))
            #expect(try instance.call("echo", [.string("after a trap")]) == .string("after a trap"))
        }
        // Post-return ran for every `add` and `echo` that returned, none for the traps.
        #expect(try instance.call("posts", []) == .u32(6))
    }

    @Test func anArgumentThatFailsToLowerLeavesTheNextCallWorking() throws {
        let instance = try Self.instance()
        for _ in 0..<3 {
            // The value does not match the parameter's type: lowering traps before the core call.
            #expect(throws: ComponentError.self) { try instance.call("add", [.u32(1), .string("two")]) }
            #expect(throws: ComponentError.self) { try instance.call("echo", [.u32(1)]) }
            #expect(try instance.call("add", [.u32(2), .u32(3)]) == .u32(5))
            #expect(try instance.call("echo", [.string("still here")]) == .string("still here"))
        }
        #expect(try instance.call("posts", []) == .u32(6))
    }

    @Test func startedCallsShareTheKeptStateWithDirectOnes() throws {
        let instance = try Self.instance()
        for i in UInt32(0)..<10 {
            guard case .finished(let value) = try instance.start("add", [.u32(i), .u32(1)]) else {
                Issue.record("add suspended")
                return
            }
            #expect(value == .u32(i + 1))
            #expect(try instance.call("add", [.u32(i), .u32(2)]) == .u32(i + 2))
        }
        #expect(try instance.call("posts", []) == .u32(20))
    }

    @Test func theKeptStateDoesNotKeepTheRuntimeAlive() throws {
        let component = try Self.component()
        weak var runtime: ComponentRuntime?
        weak var store: Store?
        do {
            let owner = ComponentRuntime()
            let instance = try owner.instantiate(component, linker: ComponentLinker())
            // Every kind of call, so that each lifted function keeps a context and an array.
            _ = try instance.call("add", [.u32(1), .u32(2)])
            _ = try instance.call("echo", [.string("kept")])
            _ = try? instance.call("check", [.u32(0)])
            runtime = owner
            store = owner.store
            #expect(runtime != nil && store != nil)
        }
        #expect(runtime == nil)
        #expect(store == nil)
    }
}

/// The writer a lifted call lowers its arguments with, over the array kept from the last call.
struct FlatWriterTests {
    @Test func overwritesTheKeptArrayAndKeepsOnlyWhatWasWritten() {
        let types: [ValueType] = [.i32, .i64, .f32]
        var full = FlatWriter(types: types, storage: [.i32(9), .i64(9), .f32(9)])
        full.append(1)
        full.append(0x1_0000_0002)
        full.append(0x4040_0000)
        #expect(full.count == 3)
        #expect(full.values == [.i32(1), .i64(0x1_0000_0002), .f32(0x4040_0000)])

        // Fewer values than the kept array holds: none of the old ones is left behind.
        var short = FlatWriter(types: types, storage: [.i32(9), .i64(9), .f32(9)])
        short.append(0x1_0000_0007)
        #expect(short.count == 1)
        #expect(short.values == [.i32(7)])

        // More values than types: counted (the caller checks the count), not kept.
        var long = FlatWriter(types: [.i32], storage: [])
        long.append(1)
        long.append(2)
        #expect(long.count == 2)
        #expect(long.values == [.i32(1)])
    }
}
