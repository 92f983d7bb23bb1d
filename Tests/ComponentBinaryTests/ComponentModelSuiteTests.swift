import ComponentBinary
import Testing
import FileSupport

/// The component model's own test scripts (../shared/component-model-tests/json): every binary
/// the scripts expect to be valid decodes (except the async and other unsupported features
/// listed below), and malformed binaries are rejected.
@Suite(.enabled(if: Fixtures.available, Comment(rawValue: Fixtures.missing)))
struct ComponentModelSuiteTests {
    /// One command of a converted script that names a binary.
    struct Command {
        var group: String
        var type: String
        var file: String
        var text: String
    }

    /// Extracts `"key":"value"` from one command line of the JSON (one command per line).
    static func field(_ key: String, in line: Substring) -> String? {
        let bytes = Array(line.utf8)
        let pattern = Array("\"\(key)\":\"".utf8)
        guard bytes.count >= pattern.count else { return nil }
        var start: Int?
        for i in 0...(bytes.count - pattern.count) where bytes[i..<(i + pattern.count)].elementsEqual(pattern) {
            start = i + pattern.count
            break
        }
        guard var i = start else { return nil }
        var value: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                value.append(bytes[i + 1])
                i += 2
                continue
            }
            if b == UInt8(ascii: "\"") { return String(decoding: value, as: UTF8.self) }
            value.append(b)
            i += 1
        }
        return nil
    }

    /// Every binary command of every script.
    static func commands() -> [Command] {
        var result: [Command] = []
        for path in Files.listRecursively(Fixtures.sharedPath + "/component-model-tests/json").sorted() where path.hasSuffix(".json") {
            guard let bytes = Files.read(path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            let dir = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            let group = dir.split(separator: "/").dropLast().last.map(String.init) ?? ""
            for line in text.split(separator: "\n") {
                guard let type = field("type", in: line), let file = field("filename", in: line),
                      file.hasSuffix(".wasm") else { continue }
                result.append(Command(group: group, type: type, file: dir + "/" + file, text: field("text", in: line) ?? ""))
            }
        }
        return result
    }

    /// Decodes and validates a file; the error text, or nil when it is accepted.
    static func check(_ path: String) -> (decodeError: String?, validationError: String?) {
        guard let bytes = Files.read(path) else { return ("unreadable", nil) }
        do {
            let c = try decodeComponent(bytes)
            do {
                _ = try validateComponent(c)
                return (nil, nil)
            } catch {
                return (nil, error.description)
            }
        } catch {
            return (error.description, nil)
        }
    }

    /// Features outside a synchronous WASI 0.2 runtime: a valid binary failing with one of these
    /// is expected.
    static let unsupported = ["async", "stream", "future", "value sections", "values are not supported",
                              "canonical built-in", "core type (only function", "error-context", "map", "implements"]

    @Test func validBinariesDecode() {
        var total = 0, decoded = 0, validated = 0, unsupportedCount = 0
        var unexpected: [String] = []
        var reasons: [String: Int] = [:]
        for c in Self.commands() where c.type == "module" || c.type == "module_definition" {
            total += 1
            let (d, v) = Self.check(c.file)
            if d == nil { decoded += 1 }
            if d == nil && v == nil { validated += 1; continue }
            let message = d ?? v ?? ""
            let reason = message.split(separator: "(").first.map(String.init) ?? message
            reasons[(d != nil ? "decode: " : "validate: ") + String(reason.prefix(70)), default: 0] += 1
            if message.hasPrefix("invalid leading byte") { print("  \(c.file): \(message)") }
            if c.group == "async" || Self.unsupported.contains(where: { message.contains($0) }) {
                unsupportedCount += 1
            } else {
                unexpected.append("\(c.file): \(message)")
            }
        }
        print("component-model-tests valid binaries: \(total), decoded \(decoded), validated \(validated), rejected as unsupported (async etc.) \(unsupportedCount), other failures \(unexpected.count)")
        for (r, n) in reasons.sorted(by: { $0.key < $1.key }) { print("  \(n)× \(r)") }
        for u in unexpected { print("  UNEXPECTED \(u)") }
        #expect(total > 250)
        #expect(unexpected.count <= 5, "valid binaries rejected: \(unexpected)")
    }

    @Test func malformedBinariesAreRejected() {
        var total = 0, rejectedByDecoder = 0, rejectedByValidator = 0
        var accepted: [String] = []
        for c in Self.commands() where c.type == "assert_malformed" {
            total += 1
            let (d, v) = Self.check(c.file)
            if d != nil { rejectedByDecoder += 1 } else if v != nil { rejectedByValidator += 1 } else {
                accepted.append("\(c.file): expected \(c.text)")
            }
        }
        print("component-model-tests malformed binaries: \(total), rejected by the decoder \(rejectedByDecoder), by the validator \(rejectedByValidator), accepted \(accepted.count)")
        for a in accepted { print("  ACCEPTED \(a)") }
        #expect(total >= 70)
        #expect(accepted.count <= 10)
    }

    @Test func invalidBinariesReport() {
        var total = 0, rejected = 0
        var byGroup: [String: (Int, Int)] = [:]
        var missed: [String: Int] = [:]
        for c in Self.commands() where c.type == "assert_invalid" {
            total += 1
            let (d, v) = Self.check(c.file)
            let r = d != nil || v != nil
            if r { rejected += 1 } else { missed[c.text, default: 0] += 1 }
            let g = byGroup[c.group] ?? (0, 0)
            byGroup[c.group] = (g.0 + 1, g.1 + (r ? 1 : 0))
        }
        print("component-model-tests invalid binaries: \(total), rejected \(rejected) (the rest need the full type checker: subtyping, resource identity, ...)")
        for (g, n) in byGroup.sorted(by: { $0.key < $1.key }) { print("  \(g): \(n.1)/\(n.0) rejected") }
        for (text, n) in missed.sorted(by: { $0.value > $1.value }).prefix(25) { print("  not caught \(n)×: \(text)") }
        #expect(total > 300)
    }
}
