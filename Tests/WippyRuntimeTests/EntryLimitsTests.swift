import Testing
import WippyRuntime

@Suite("The limits field of function entries")
struct EntryLimitsTests {
    static let header = """
        namespace: myns
        entries:
          - name: f
            kind: function.wat
            method: run
            source: "(module (func (export \\"run\\")))"

        """

    func load(_ extra: String) throws -> EntryFile {
        let folder = TemporaryFolder()
        defer { withExtendedLifetime(folder) {} }
        return try EntryFile.load(path: folder.write("entry.yaml", Self.header + extra))
    }

    /// The error's full text (file, position, entry ID and message), or "loaded".
    func failure(_ extra: String) -> String {
        do {
            _ = try load(extra)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    @Test func valuesAndDefaultsAreRead() throws {
        let file = try load("""
                limits:
                  max_execution_ms: 100
                  memory_bytes: 1048576
                  max_open_sockets: 4

            """)
        let limits = try #require(file.entry(id: "myns:f")).limits
        #expect(limits.maxExecutionMilliseconds == 100)
        #expect(limits.memoryBytes == 1_048_576)
        #expect(limits.maxOpenSockets == 4)
        #expect(limits.socketTimeoutMilliseconds == 30_000)
        #expect(limits.maxRetainedMemoryBytes == 64 << 20)
        let plain = try #require(try load("").entry(id: "myns:f")).limits
        #expect(plain == EntryLimits())
        #expect(plain.maxExecutionMilliseconds == nil && plain.memoryBytes == nil && plain.maxOpenSockets == 16)
    }

    @Test func badValuesAreLocatedErrors() {
        for bad in ["0", "-5", "1.5", "ten", "[1]", "99999999999999999999999"] {
            let text = failure("    limits:\n      max_execution_ms: \(bad)\n")
            #expect(text.hasSuffix(": myns:f: limits.max_execution_ms must be a positive integer"), "\(bad): \(text)")
            #expect(text.contains("entry.yaml:8:"), "\(bad): \(text)")
        }
        #expect(failure("    limits:\n      memory_bytes: 0\n").hasSuffix("myns:f: limits.memory_bytes must be a positive integer"))
        #expect(failure("    limits:\n      socket_timeout_ms: x\n").hasSuffix("myns:f: limits.socket_timeout_ms must be a positive integer"))
        let unknown = failure("    limits:\n      max_cpu: 5\n")
        #expect(unknown.contains("myns:f: limits.max_cpu is not a known field (known: max_execution_ms, memory_bytes"), "\(unknown)")
        #expect(failure("    limits: 5\n").hasSuffix("myns:f: field 'limits' must be a mapping"))
    }
}
