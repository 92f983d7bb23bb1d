import Testing
import WippyFuncs
import WippyJSON
import WippyRuntime

/// The shared `py-wippy-echo` component (CPython importing wippy:runtime/funcs) through the
/// embedding API: its `wippy-test-host` targets are Swift functions registered on the registry.
@Suite("py-wippy-echo through the registry")
struct PyWippyEchoTests {
    static let components = repositoryRoot + "/../shared/components"

    /// A fixture value (`{"bytes_hex": ...}` for list<u8>) as the registry's JSON.
    static func json(_ value: JSONValue) -> JSONValue {
        if let object = value.objectValue {
            if object.keys == ["bytes_hex"], let hex = object["bytes_hex"]?.stringValue {
                var bytes: [JSONValue] = []
                var digits = Substring(hex)
                while digits.count >= 2 {
                    bytes.append(.number(JSONNumber(UInt64(UInt8(digits.prefix(2), radix: 16) ?? 0))))
                    digits = digits.dropFirst(2)
                }
                return .array(bytes)
            }
            return .object(JSONObject(object.keys.map { ($0, json(object[$0] ?? .null)) }))
        }
        return value
    }

    @Test func allEightInvocationsWithSwiftTargets() async throws {
        guard let fixtureText = readText(Self.components + "/py-wippy-echo.json"),
              let fixture = try? JSONValue.parse(fixtureText).objectValue,
              let hash = fixture["sha256"]?.stringValue, let invocations = fixture["invocations"]?.arrayValue else {
            print("skipped: \(Self.components)/py-wippy-echo.json is missing (the shared folder beside the repository)")
            return
        }
        let folder = TemporaryFolder()
        var text = "namespace: myns\nentries:\n  - {name: shared, kind: fs.directory, directory: \(Self.components)}\n"
        for method in ["run", "run-bytes", "call-target"] {
            text += """
              - name: py-\(method)
                kind: function.wasm
                fs: myns:shared
                path: /py-wippy-echo.wasm
                hash: sha256:\(hash)
                method: \(method)
                imports: [wasi:cli, wasi:io, wasi:clocks, wasi:filesystem, wasi:random, funcs]

            """
        }
        let registry = try EntryRegistry(paths: [folder.write("entry.yaml", text)], workerCount: 2)
        defer { registry.shutdown() }
        try registry.register("myns:echo") { $0 }
        try registry.register("myns:upper") { input throws(FuncsFailure) in
            guard case .string(let text) = input else { throw FuncsFailure("wants a string") }
            return .string(String(decoding: text.utf8.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self))
        }
        try registry.register("myns:fail") { input throws(FuncsFailure) in
            guard case .string(let text) = input else { throw FuncsFailure("wants a string") }
            throw FuncsFailure(text)
        }
        #expect(invocations.count == 8)
        for invocation in invocations {
            guard let row = invocation.objectValue, let export = row["export"]?.stringValue,
                  let arguments = row["args"]?.arrayValue, let expected = row["expect"] else {
                Issue.record("unreadable invocation \(invocation)")
                continue
            }
            let result = try await registry.call("myns:py-\(export)", json: arguments.map(Self.json))
            #expect(result == Self.json(expected), "\(export) \(arguments)")
        }
        // Each entry's one warm instance served all of its invocations.
        #expect(registry.statistics("myns:py-run")?.created == 1)
        #expect(registry.statistics("myns:py-call-target")?.created == 1)
    }
}
