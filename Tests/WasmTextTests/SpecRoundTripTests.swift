import Testing
import WasmBinary
@testable import WasmText

/// Every module of the WebAssembly 2.0 spec suite, parsed from the `.wast` text, is the same
/// module as the one decoded from the suite's binary (made by `wasm-tools` from the same text).
@Suite(.enabled(if: SpecSuite.isAvailable, "\(SpecSuite.missing)"))
struct SpecRoundTripTests {
    @Test("Text modules of the 2.0 suite decode to the same module as their binaries")
    func textMatchesBinary() throws {
        var compared = 0
        var undecodable = 0
        var unmatched = 0
        var failures: [String] = []
        for name in SpecSuite.scriptNames() {
            guard let bytes = SpecSuite.script(name) else { continue }
            let script: WastScript
            do {
                script = try WastScript.parse(bytes: bytes)
            } catch {
                failures.append("\(name).wast: script: \(error)")
                continue
            }
            let binaries = SpecSuite.binaryModules(name)
            for command in script.commands {
                let module: WastModule
                switch command.kind {
                case .module(let m), .assertInvalid(let m, _), .assertUnlinkable(let m, _),
                     .assertUninstantiable(let m, _), .assertMalformed(let m, _):
                    module = m
                default:
                    continue
                }
                guard let file = binaries[command.line], let reference = SpecSuite.bytes(file) else {
                    unmatched += 1
                    continue
                }
                // Binaries of assert_malformed (and a few 3.0-only forms) do not decode.
                guard let expected = try? decodeModule(reference, options: DecodeOptions(wasm2Limits: true)) else {
                    undecodable += 1
                    continue
                }
                let text: [UInt8]
                do {
                    text = try module.encode()
                } catch {
                    failures.append("\(name).wast:\(command.line): \(error)")
                    continue
                }
                let actual: Module
                do {
                    actual = try decodeModule(text)
                } catch {
                    failures.append("\(name).wast:\(command.line): the encoding does not decode: \(error)")
                    continue
                }
                compared += 1
                if let difference = NormalizedModule.difference(actual, expected) {
                    failures.append("\(name).wast:\(command.line): differs:\n\(difference)")
                }
            }
        }
        print("[spec 2.0 round trip] modules compared: \(compared), differing or unreadable: \(failures.count), binaries that do not decode: \(undecodable), text-only modules: \(unmatched)")
        #expect(compared > 3800)
        #expect(failures.isEmpty, "\(failures.prefix(40).joined(separator: "\n"))")
    }
}
