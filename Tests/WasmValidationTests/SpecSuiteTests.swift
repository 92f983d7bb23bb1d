import Testing
import WasmBinary
import FileSupport
@testable import WasmValidation

/// Outcome of running the module commands of spec test scripts through decode + validate.
struct SuiteResult {
    var validPass = 0, validMiss = 0, validDecodeRejected = 0
    var invalidPass = 0, invalidMiss = 0, invalidDecodeRejected = 0, invalidWrongMessage = 0
    var malformedPass = 0, malformedMiss = 0, malformedNowWellFormed = 0
    var files = 0
    var misses: [String] = []
    var messageMismatches: [String] = []

    /// Misses the validator is responsible for.
    var validatorMisses: Int { validMiss + invalidMiss + malformedMiss }
    /// Modules the decoder rejected although the script expects them to decode.
    var decoderMisses: Int { validDecodeRejected + invalidDecodeRejected }
    var totalMisses: Int { validatorMisses + decoderMisses }

    var summary: String {
        """
        \(files) scripts; valid modules \(validPass) ok / \(validMiss) rejected by the validator / \
        \(validDecodeRejected) rejected by the decoder; \
        assert_invalid \(invalidPass) ok / \(invalidMiss) accepted / \(invalidDecodeRejected) rejected by decoder \
        (\(invalidWrongMessage) with a different message); \
        assert_malformed \(malformedPass) ok / \(malformedMiss) accepted \
        (+ \(malformedNowWellFormed) accepted that the 3.0 binary format made well formed)
        """
    }
}

/// Runs every binary module of the scripts under `root` (recursively) whose relative directory
/// `include` accepts.
func runSuite(root: String, features: ValidationFeatures, include: (String) -> Bool) -> SuiteResult {
    var result = SuiteResult()
    var dirs = [""]
    var scripts: [String] = []
    while let rel = dirs.popLast() {
        let path = rel.isEmpty ? root : root + "/" + rel
        for name in Files.list(path) {
            let childRel = rel.isEmpty ? name : rel + "/" + name
            if name.hasSuffix(".json") {
                if include(rel) { scripts.append(childRel) }
            } else if !name.contains(".") && Files.isDirectory(path + "/" + name) {
                dirs.append(childRel)
            }
        }
    }
    for script in scripts.sorted() {
        guard let bytes = Files.read(root + "/" + script),
              let json = try? MiniJSON.parse(bytes),
              let commands = json["commands"]?.array else {
            result.misses.append("\(script): cannot read script")
            result.validMiss += 1
            continue
        }
        result.files += 1
        let dir = script.split(separator: "/").dropLast().joined(separator: "/")
        for command in commands {
            guard let type = command["type"]?.string,
                  let file = command["filename"]?.string, file.hasSuffix(".wasm"),
                  command["module_type"]?.string != "text" else { continue }
            let line = command["line"].map { if case .number(let n) = $0 { return n } else { return "?" } } ?? "?"
            let where_ = "\(script):\(line) \(file)"
            guard let wasm = Files.read(root + "/" + dir + "/" + file) else {
                result.misses.append("\(where_): missing file")
                result.validMiss += 1
                continue
            }
            let expected = command["text"]?.string ?? ""
            switch type {
            case "module", "module_definition", "assert_unlinkable", "assert_uninstantiable":
                let m: Module
                do {
                    m = try decodeModule(wasm)
                } catch {
                    result.validDecodeRejected += 1
                    result.misses.append("\(where_): valid module rejected by the decoder: \(error)")
                    continue
                }
                do {
                    _ = try validateModule(m, features: features)
                    result.validPass += 1
                } catch {
                    result.validMiss += 1
                    result.misses.append("\(where_): valid module rejected: \(error)")
                }
            case "assert_invalid":
                let m: Module
                do {
                    m = try decodeModule(wasm)
                } catch {
                    result.invalidDecodeRejected += 1
                    result.misses.append("\(where_): assert_invalid \"\(expected)\" rejected by the decoder: \(error)")
                    continue
                }
                do {
                    _ = try validateModule(m, features: features)
                    result.invalidMiss += 1
                    result.misses.append("\(where_): assert_invalid \"\(expected)\" accepted")
                } catch let e as ValidationError {
                    result.invalidPass += 1
                    if !e.message.hasPrefix(expected) {
                        result.invalidWrongMessage += 1
                        result.messageMismatches.append("\(where_): expected \"\(expected)\", got \"\(e.message)\"")
                    }
                } catch {
                    result.invalidPass += 1
                    result.invalidWrongMessage += 1
                    result.messageMismatches.append("\(where_): expected \"\(expected)\", got decode error \(error)")
                }
            case "assert_malformed":
                do {
                    let m = try decodeModule(wasm)
                    _ = try validateModule(m, features: features)
                    if wellFormedIn30.contains("\(script):\(line)") {
                        result.malformedNowWellFormed += 1
                    } else {
                        result.malformedMiss += 1
                        result.misses.append("\(where_): assert_malformed \"\(expected)\" accepted")
                    }
                } catch {
                    result.malformedPass += 1
                }
            default:
                continue
            }
        }
    }
    return result
}

/// `assert_malformed` modules of the 2.0 suite whose encoding the 3.0 binary format accepts,
/// outside function bodies (so decoded by `decodeModule`, which implements 3.0): memory limits
/// are `u64` in 3.0, so a 6-byte LEB128 limit is no longer "integer representation too long".
/// (The body-level differences, such as "zero byte expected", are checked with `.wasm2`.)
let wellFormedIn30: Set<String> = [
    "binary-leb128/binary-leb128.json:218",
    "binary-leb128/binary-leb128.json:226",
]

func report(_ name: String, _ r: SuiteResult) {
    print("[\(name)] \(r.summary)")
    for m in r.misses.prefix(200) { print("  MISS \(m)") }
    for m in r.messageMismatches.prefix(60) { print("  MSG  \(m)") }
}

@Suite struct SpecSuiteTests {
    static let specRoot = TestFiles.packageRoot() + "/../shared/spec"

    @Test func wasm20Suite() throws {
        let root = Self.specRoot + "/wasm-2.0/json"
        guard Files.isDirectory(root) else {
            print("SKIP wasm20Suite: \(root) not found")
            return
        }
        let r = runSuite(root: root, features: .wasm2) { _ in true }
        report("wasm-2.0", r)
        #expect(r.files > 100)
        #expect(r.totalMisses == 0)
    }

    @Test func wasm30Suite() throws {
        let root = Self.specRoot + "/json"
        guard Files.isDirectory(root) else {
            print("SKIP wasm30Suite: \(root) not found")
            return
        }
        let r = runSuite(root: root, features: .all) { dir in !dir.hasPrefix("proposals") }
        report("wasm-3.0", r)
        #expect(r.files > 100)
        #expect(r.validatorMisses == 0)
        #expect(r.decoderMisses == 0)
    }
}
