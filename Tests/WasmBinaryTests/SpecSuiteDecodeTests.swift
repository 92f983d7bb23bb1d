import Testing
import WasmBinary

/// Runs `decodeModule` over every binary module of the WebAssembly 2.0 spec suite.
@Suite(
    "Spec suite decoding",
    .enabled(
        if: SpecSuite.isAvailable,
        "The WebAssembly spec test suite is missing: put it at ../shared/spec (next to the package) so that ../shared/spec/wasm-2.0/json exists."
    ))
struct SpecSuiteDecodeTests {
    /// Commands whose module must be well formed: it is instantiated, or only fails later.
    static let wellFormedTypes: Set<String> = [
        "module", "assert_invalid", "assert_unlinkable", "assert_uninstantiable",
        "assert_trap", "assert_exhaustion",
    ]

    /// 2.0 `assert_malformed` cases that are well formed under Wasm 3.0, which this runtime
    /// targets: multi-memory turned the reserved zero byte of `memory.size`/`memory.grow` into
    /// a memory index (a long LEB `0` is index 0, `1` is an unknown memory, which validation
    /// rejects); alignments 2^32…2^63 are invalid (validation), not malformed; and bit 6 of the
    /// alignment field (0x40, 0x41) announces a memory index. The validator
    /// rejects the ones that are wrong in 3.0, so these decode here.
    static let wellFormedIn30: Set<String> = [
        "binary.41.wasm", "binary.42.wasm", "binary.43.wasm", "binary.44.wasm", "binary.45.wasm",
        "binary.46.wasm", "binary.47.wasm", "binary.48.wasm", "binary.49.wasm", "binary.50.wasm",
        "align.109.wasm", "align.110.wasm", "align.111.wasm", "align.112.wasm", "align.113.wasm",
    ]

    @Test("Every well-formed module of the 2.0 suite decodes")
    func wellFormedModulesDecode() throws {
        let commands = SpecSuite.binaryModuleCommands(under: SpecSuite.wasm20JSON)
            .filter { Self.wellFormedTypes.contains($0.type) }
        var failures: [String] = []
        for command in commands {
            guard let bytes = SpecSuite.bytes(of: command.file) else {
                failures.append("unreadable: \(command.line)")
                continue
            }
            do {
                _ = try decodeModule(bytes, options: DecodeOptions(wasm2Limits: true))
            } catch {
                failures.append("\(error): \(command.line)")
            }
        }
        print("[spec 2.0] well-formed modules: \(commands.count), decoded: \(commands.count - failures.count)")
        #expect(commands.count > 1000)
        #expect(failures.isEmpty, "modules that failed to decode:\n\(failures.joined(separator: "\n"))")
    }

    @Test("Every binary assert_malformed module of the 2.0 suite is rejected")
    func malformedModulesAreRejected() throws {
        let commands = SpecSuite.binaryModuleCommands(under: SpecSuite.wasm20JSON)
            .filter { $0.type == "assert_malformed" }
        var rejected = 0
        var bodyLevel = 0
        var exempt: [String] = []
        var wronglyDecoded: [String] = []
        var messageDiffers: [String] = []
        for command in commands {
            guard let bytes = SpecSuite.bytes(of: command.file) else {
                wronglyDecoded.append("unreadable: \(command.line)")
                continue
            }
            do {
                let module = try decodeModule(bytes, options: DecodeOptions(wasm2Limits: true))
                if let problem = BodyWalker.firstProblem(in: module) {
                    bodyLevel += 1
                    print("  body-level (\(problem)): \(command.line)")
                } else if Self.wellFormedIn30.contains(command.file.lastPathComponent) {
                    exempt.append(command.line)
                } else {
                    wronglyDecoded.append(command.line)
                }
            } catch {
                rejected += 1
                if let expected = command.text, !error.message.contains(expected) {
                    messageDiffers.append("got \"\(error.message)\": \(command.line)")
                }
            }
        }
        print("""
            [spec 2.0] binary assert_malformed: \(commands.count); rejected by decodeModule: \(rejected); \
            body-level (left to the validator): \(bodyLevel); well formed in 3.0: \(exempt.count); \
            wrongly decoded: \(wronglyDecoded.count); rejected with a different message: \(messageDiffers.count)
            """)
        for line in messageDiffers { print("  message differs: \(line)") }
        #expect(commands.count > 700)
        #expect(
            wronglyDecoded.isEmpty,
            "malformed modules that decoded:\n\(wronglyDecoded.joined(separator: "\n"))")
    }
}

/// A report (never a failure) over the newest suite, which is WebAssembly 3.0 plus proposals:
/// the custom-descriptors proposal's type forms are not decoded.
@Suite(
    "Spec suite 3.0 decoding report",
    .enabled(
        if: SpecSuite.isAvailable,
        "The WebAssembly spec test suite is missing: put it at ../shared/spec (next to the package)."
    ))
struct LatestSpecSuiteReport {
    @Test("Report: decoding the newest (3.0) suite")
    func report() {
        let commands = SpecSuite.binaryModuleCommands(under: SpecSuite.latestJSON)
        var wellFormed = 0
        var failuresByMessage: [String: Int] = [:]
        var otherFailures: [String] = []
        var malformed = 0
        var rejected = 0
        var bodyLevel = 0
        var decoded: [String] = []
        for command in commands {
            guard let bytes = SpecSuite.bytes(of: command.file) else { continue }
            if command.type == "assert_malformed" {
                malformed += 1
                do {
                    let module = try decodeModule(bytes)
                    if BodyWalker.firstProblem(in: module) != nil {
                        bodyLevel += 1
                    } else {
                        decoded.append(command.line)
                    }
                } catch {
                    rejected += 1
                }
            } else if SpecSuiteDecodeTests.wellFormedTypes.contains(command.type) {
                wellFormed += 1
                do {
                    _ = try decodeModule(bytes)
                } catch {
                    failuresByMessage[error.message, default: 0] += 1
                    if error.message != "GC types are not supported" {
                        otherFailures.append("\(error): \(command.line)")
                    }
                }
            }
        }
        let failed = failuresByMessage.values.reduce(0, +)
        print("[spec 3.0] well-formed modules: \(wellFormed), decoded: \(wellFormed - failed)")
        for (message, count) in failuresByMessage.sorted(by: { $0.value > $1.value }) {
            print("  not decoded (\(count)): \(message)")
        }
        for line in otherFailures { print("  \(line)") }
        print("[spec 3.0] binary assert_malformed: \(malformed); rejected: \(rejected); body-level: \(bodyLevel); decoded: \(decoded.count)")
        for line in decoded { print("  decoded: \(line)") }
    }
}
