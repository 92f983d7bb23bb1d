#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing
@testable import WasmSpecTest

// End-to-end tests of one script run in-process against the real engine.

/// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
///         (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s))
private let addModule: [UInt8] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
    0x03, 0x03, 0x02, 0x00, 0x00,
    0x07, 0x0d, 0x02, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x03, 0x64, 0x69, 0x76, 0x00, 0x01,
    0x0a, 0x11, 0x02, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6d, 0x0b,
]

private func temporaryDirectory() -> String {
    var template = Array("/tmp/wasmspectest-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return "/tmp" }
        return String(cString: result)
    }
}

private func writeFile(_ path: String, _ bytes: [UInt8]) {
    guard let file = fopen(path, "wb") else { return }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}

private func run(_ commands: [String], files: [String: [UInt8]] = ["m.wasm": addModule], verbose: Bool = false) -> ScriptReport {
    let directory = temporaryDirectory()
    for (name, bytes) in files { writeFile(FileSystem.join(directory, name), bytes) }
    let text = #"{"source_filename":"t.wast","commands":["# + commands.joined(separator: ",\n") + "]}"
    let path = FileSystem.join(directory, "t.json")
    writeFile(path, Array(text.utf8))
    defer {
        for name in files.keys { unlink(FileSystem.join(directory, name)) }
        unlink(path)
        rmdir(directory)
    }
    switch SpecScript.load(path: path) {
    case .failure(let error):
        Issue.record("script did not parse: \(error)")
        return ScriptReport()
    case .success(let script):
        return ProcessIsolation.inProcess(script: script, verbose: verbose)
    }
}

private let module = #"{"type":"module","line":1,"filename":"m.wasm","module_type":"binary"}"#

private func invoke(_ line: Int, _ field: String, _ a: String, _ b: String, type: String = "assert_return", tail: String) -> String {
    #"{"type":"\#(type)","line":\#(line),"action":{"type":"invoke","field":"\#(field)","args":[{"type":"i32","value":"\#(a)"},{"type":"i32","value":"\#(b)"}]},\#(tail)}"#
}

@Suite("Script runner")
struct ScriptRunnerTests {
    @Test func returnsAndTraps() {
        let report = run([
            module,
            invoke(2, "add", "1", "-1", tail: #""expected":[{"type":"i32","value":"0"}]"#),
            invoke(3, "add", "4294967295", "2", tail: #""expected":[{"type":"i32","value":"1"}]"#),
            invoke(4, "add", "1", "1", tail: #""expected":[{"type":"i32","value":"3"}]"#),
            invoke(5, "div", "1", "0", type: "assert_trap", tail: #""text":"integer divide by zero""#),
            invoke(6, "div", "1", "1", type: "assert_trap", tail: #""text":"integer divide by zero""#),
            invoke(7, "div", "1", "0", type: "action", tail: #""expected":[]"#),
            invoke(8, "nope", "1", "0", tail: #""expected":[]"#),
        ])
        #expect(report.passed == 3)
        #expect(report.failed == 4)
        #expect(report.failures.map(\.line) == [4, 6, 7, 8])
        #expect(report.failures.first?.message == "assert_return add: expected [i32:3], got [i32:2]")
    }

    @Test func moduleAssertions() {
        let report = run([
            #"{"type":"assert_malformed","line":1,"filename":"bad.wasm","module_type":"binary","text":"unexpected end"}"#,
            #"{"type":"assert_malformed","line":2,"filename":"bad.0.wat","module_type":"text","text":"unknown operator"}"#,
            #"{"type":"assert_malformed","line":3,"filename":"m.wasm","module_type":"binary","text":"x"}"#,
            #"{"type":"assert_unlinkable","line":4,"filename":"m.wasm","module_type":"binary","text":"unknown import"}"#,
        ], files: ["m.wasm": addModule, "bad.wasm": Array(addModule.prefix(20)), "bad.0.wat": Array("(module (func i32.foo))".utf8)])
        #expect(report.passed == 2)
        #expect(report.failed == 2)
        #expect(report.skipped == 0)
        #expect(report.textSkipped == 0)
    }

    /// Text modules without a binary (what `json-from-wast` writes for the text of an
    /// `assert_malformed`, or for a module it could not encode) are parsed by our text parser.
    @Test func textModuleFiles() {
        let badUTF8: [UInt8] = Array("(module (data \"".utf8) + [0xff] + Array("\"))".utf8)
        let report = run([
            #"{"type":"module","line":1,"filename":"m.0.wat","module_type":"text"}"#,
            invoke(2, "sub", "5", "3", tail: #""expected":[{"type":"i32","value":"2"}]"#),
            #"{"type":"assert_malformed","line":3,"filename":"bad.1.wat","module_type":"text","text":"malformed UTF-8 encoding"}"#,
            #"{"type":"assert_malformed","line":4,"filename":"good.2.wat","module_type":"text","text":"unknown operator"}"#,
            #"{"type":"assert_invalid","line":5,"filename":"invalid.3.wat","module_type":"text","text":"type mismatch"}"#,
            #"{"type":"assert_malformed","line":6,"filename":"missing.4.wat","module_type":"text","text":"unknown operator"}"#,
        ], files: [
            "m.0.wat": Array(#"(module (func (export "sub") (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1))))"#.utf8),
            "bad.1.wat": badUTF8,
            "good.2.wat": Array("(module (memory 1))".utf8),
            "invalid.3.wat": Array("(module (func (result i32) (i64.const 0)))".utf8),
        ])
        #expect(report.passed == 3)
        #expect(report.failed == 2)
        #expect(report.skipped == 0)
        #expect(report.failures.map(\.line) == [4, 6])
        #expect(report.failures.first?.message.contains("got a valid module") == true)
        #expect(report.failures.last?.message.contains("cannot read module") == true)
    }

    @Test func failedModuleFailsItsAssertions() {
        let report = run([
            #"{"type":"module","line":1,"filename":"bad.wasm","module_type":"binary"}"#,
            invoke(2, "add", "1", "-1", tail: #""expected":[{"type":"i32","value":"0"}]"#),
            #"{"type":"register","line":3,"as":"m"}"#,
        ], files: ["bad.wasm": Array(addModule.prefix(20))])
        #expect(report.passed == 0)
        #expect(report.failed == 1)  // the module failure is a failure line but not an assertion
        #expect(report.failures.map(\.line) == [1, 2])
    }

    @Test func registerAndNamedModules() {
        let report = run([
            #"{"type":"module","line":1,"name":"M1","filename":"m.wasm","module_type":"binary"}"#,
            #"{"type":"register","line":2,"name":"M1","as":"other"}"#,
            #"{"type":"assert_return","line":3,"action":{"type":"invoke","module":"M1","field":"add","args":[{"type":"i32","value":"2"},{"type":"i32","value":"3"}]},"expected":[{"type":"i32","value":"5"}]}"#,
            #"{"type":"assert_return","line":4,"action":{"type":"invoke","module":"M2","field":"add","args":[]},"expected":[]}"#,
        ])
        #expect(report.passed == 1)
        #expect(report.failures.map(\.line) == [4])
    }
}
