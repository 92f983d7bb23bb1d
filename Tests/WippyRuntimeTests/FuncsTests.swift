import ComponentModel
import Testing
import WippyFuncs
import WippyJSON
import WippyRuntime

/// `funcs` calls between entries (wippy:runtime/funcs@0.1.0), through the registry.
@Suite("funcs calls between entries")
struct FuncsTests {
    static func standard(_ fixture: RegistryFixture, callerPool: String = "") throws -> EntryRegistry {
        try fixture.registry([
            fixture.caller("call", method: "call", pool: callerPool),
            fixture.caller("bytes", method: "call-bytes"),
            fixture.caller("forward", method: "forward"),
            fixture.caller("loop", method: "forward", pool: "{type: inline}"),
            fixture.caller("pair", method: "call"),
            fixture.callee("echo"), fixture.callee("upper"), fixture.callee("fail"),
            fixture.callee("trap"), fixture.callee("bad-utf8"), fixture.callee("reverse"),
        ])
    }

    static func call(_ registry: EntryRegistry, _ id: String, _ arguments: JSONValue...) async throws -> String {
        try await registry.call(id, json: arguments)?.serialized() ?? "null"
    }

    @Test func callStringReachesAnotherEntry() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture)
        defer { registry.shutdown() }
        #expect(try await Self.call(registry, "t:call", "t:echo", "hello") == #"{"ok":"hello"}"#)
        #expect(try await Self.call(registry, "t:call", "t:upper", "ünï abc") == #"{"ok":"üNï ABC"}"#)
        #expect(try await Self.call(registry, "t:call", "t:echo", "") == #"{"ok":""}"#)
    }

    @Test func failuresComeBackAsErrNamingTheTarget() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture)
        defer { registry.shutdown() }
        #expect(try await Self.call(registry, "t:call", "t:fail", "boom") == #"{"err":"t:fail: boom"}"#)
        #expect(try await Self.call(registry, "t:call", "t:nope", "x") == #"{"err":"unknown target: t:nope"}"#)
        #expect(try await Self.call(registry, "t:call", "t:bad-utf8", "x") == #"{"err":"t:bad-utf8: the result is not valid UTF-8"}"#)
        for target in ["nocolon", "a:b:c", ":x", "x:", "t: echo"] {
            let text = try await Self.call(registry, "t:call", .string(target), "x")
            #expect(text.contains("is not an entry ID ns:name"), "\(target): \(text)")
        }
        // A target whose method takes no string, and a directory entry.
        #expect(try await Self.call(registry, "t:call", "t:pair", "x").contains(#""err":"t:pair: 'call' takes 2 parameters"#))
        #expect(try await Self.call(registry, "t:call", "t:mods", "x").contains(#""err":"t:mods: an fs.directory entry cannot be run"#))
    }

    @Test func aTrappingCalleeIsAnErrAndTheCallerContinues() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture, callerPool: "{type: inline}")
        defer { registry.shutdown() }
        #expect(try await Self.call(registry, "t:call", "t:trap", "x") == #"{"err":"t:trap: trap: unreachable"}"#)
        // The same (inline) caller instance goes on working; the trapped callee was replaced.
        #expect(try await Self.call(registry, "t:call", "t:echo", "after") == #"{"ok":"after"}"#)
        #expect(registry.statistics("t:call")?.created == 1)
        #expect(registry.statistics("t:trap")?.discarded == 1)
    }

    @Test func bytesAndStringsConvert() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture)
        defer { registry.shutdown() }
        #expect(try await Self.call(registry, "t:bytes", "t:reverse", [1, 2, 3, 255]) == #"{"ok":[255,3,2,1]}"#)
        #expect(try await Self.call(registry, "t:bytes", "t:echo", [104, 105]) == #"{"ok":[104,105]}"#)
        #expect(try await Self.call(registry, "t:bytes", "t:echo", [255]).contains("not valid UTF-8"))
    }

    @Test func chainsAndCallsBackIntoABusyInlineEntry() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture)
        defer { registry.shutdown() }
        // A -> B -> C: forward -> forward -> upper.
        #expect(try await Self.call(registry, "t:forward", "t:forward|t:upper|abc") == #"{"ok":"ABC"}"#)
        // An inline entry calling itself: its only instance is busy: err, no deadlock.
        let text = try await Self.call(registry, "t:loop", "t:loop|x")
        #expect(text.contains(#""err":"t:loop: busy"#), "\(text)")
        // A lazy entry calling itself gets a second instance.
        #expect(try await Self.call(registry, "t:forward", "t:forward|t:echo|deep") == #"{"ok":"deep"}"#)
    }

    @Test func concurrentCallersShareACalleeAcrossWorkers() async throws {
        // Callers on both workers call one inline callee: some wait for it in its queue, some
        // reach it on the other worker's thread; every answer comes back to its own caller.
        let fixture = RegistryFixture()
        let registry = try fixture.registry([
            fixture.caller("call", method: "call", pool: "{type: lazy, max_size: 8}"),
            fixture.callee("upper", pool: "{type: inline}"),
        ])
        defer { registry.shutdown() }
        let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<32 {
                group.addTask { (i, try await Self.call(registry, "t:call", "t:upper", .string("item \(i)"))) }
            }
            var all: [Int: String] = [:]
            for try await (i, text) in group { all[i] = text }
            return all
        }
        for i in 0..<32 { #expect(answers[i] == "{\"ok\":\"ITEM \(i)\"}") }
        #expect(registry.statistics("t:upper")?.created == 1)
        #expect((registry.statistics("t:call")?.created ?? 0) >= 2)
    }

    @Test func swiftFunctionsAreTargets() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture)
        defer { registry.shutdown() }
        try registry.register("t:swift-upper") { input throws(FuncsFailure) in
            guard case .string(let text) = input else { throw FuncsFailure("wants a string") }
            return .string(text.uppercased())
        }
        try registry.register("t:swift-fail") { input throws(FuncsFailure) in
            guard case .string(let text) = input else { throw FuncsFailure("wants a string") }
            throw FuncsFailure(text)
        }
        #expect(try await Self.call(registry, "t:call", "t:swift-upper", "abc") == #"{"ok":"ABC"}"#)
        #expect(try await Self.call(registry, "t:call", "t:swift-fail", "boom") == #"{"err":"t:swift-fail: boom"}"#)
        #expect(try await Self.call(registry, "t:bytes", "t:swift-upper", [1]) == #"{"err":"t:swift-upper: wants a string"}"#)
        #expect(throws: EntryError.self) { try registry.register("t:echo") { $0 } }
        #expect(throws: EntryError.self) { try registry.register("not an id") { $0 } }
    }

    @Test func inputsOverTheLimitAreRefused() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture)
        defer { registry.shutdown() }
        let big = String(repeating: "a", count: FuncsLimits.maxInputBytes + 1)
        let text = try await Self.call(registry, "t:call", "t:echo", .string(big))
        #expect(text.contains("over the limit of \(FuncsLimits.maxInputBytes) bytes"))
    }

    @Test func componentValuesInAndOut() async throws {
        let fixture = RegistryFixture()
        let registry = try Self.standard(fixture)
        defer { registry.shutdown() }
        let result = try await registry.call("t:call", values: [.string("t:upper"), .string("x")])
        #expect(result == .result(isOK: true, payload: .string("X")))
        let text = try await registry.callJSONText("t:call", arguments: #"["t:echo", "y"]"#)
        #expect(text == #"{"ok":"y"}"#)
        await #expect(throws: EntryError.self) { try await registry.callJSONText("t:call", arguments: "{}") }
        do {
            _ = try await registry.call("t:missing", json: [])
            Issue.record("an unknown ID was called")
        } catch {
            #expect(error.kind == .unknownEntry)
        }
        do {
            _ = try await registry.call("t:call", json: [1])
            Issue.record("a wrong argument count was accepted")
        } catch {
            #expect(error.kind == .arguments)
        }
    }
}
