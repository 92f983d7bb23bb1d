import Foundation
import Testing
import WasmInterpreter
import WippyJSON
import WippyRuntime
import WippySHA256
import FileSupport

/// `limits` applied to `run entry.yaml` calls: core modules (EntryRunner) and components
/// (ComponentEntryCall), the command line's tighter limits on top.
@Suite("Limits of entry calls")
struct EntryLimitRunTests {
    static let watEntries = """
        namespace: t
        entries:
          - name: spin
            kind: function.wat
            source: "(module (func (export \\"spin\\") (loop (br 0))))"
            method: spin
            limits:
              max_execution_ms: 100
          - name: grow
            kind: function.wat
            source: "(module (memory 1) (func (export \\"grow\\") (param i32) (result i32) (memory.grow (local.get 0))))"
            method: grow
            limits:
              memory_bytes: 262144
          - name: recurse
            kind: function.wat
            source: "(module (func $f (export \\"recurse\\") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1))))"
            method: recurse
        """

    /// The runaway component (testsuite/components/runaway.wat) as entries with the given limits.
    static func componentEntries(_ limits: String) -> String {
        let hash = SHA256.hexDigest(runawayComponent)
        return """
            namespace: c
            entries:
              - name: files
                kind: fs.directory
                directory: mods
            """ + ["spin", "sleep", "sleep-then-spin", "recurse", "grow"].map { method in
            """

              - name: \(method)
                kind: function.wasm
                fs: c:files
                path: runaway.wasm
                hash: sha256:\(hash)
                method: \(method)
                imports: [wasi:io, wasi:clocks]
                limits:
                  \(limits)
            """
        }.joined()
    }

    static let runawayComponent: [UInt8] = Files.read(repositoryRoot + "/testsuite/components/runaway.wasm") ?? []

    /// The error of a call that must fail (and how long it took), or "returned".
    func failure(_ file: EntryFile, _ id: String, _ arguments: [String] = [], limits: CallLimits = CallLimits()) -> (EntryError?, TimeInterval) {
        let started = Date()
        do {
            _ = try file.call(id: id, arguments: arguments, limits: limits)
            return (nil, Date().timeIntervalSince(started))
        } catch {
            return (error, Date().timeIntervalSince(started))
        }
    }

    func watFile() throws -> (TemporaryFolder, EntryFile) {
        let folder = TemporaryFolder()
        return (folder, try EntryFile.load(path: folder.write("entry.yaml", Self.watEntries)))
    }

    func componentFile(_ limits: String) throws -> (TemporaryFolder, EntryFile) {
        let folder = TemporaryFolder()
        folder.makeFolder("mods")
        folder.write("mods/runaway.wasm", bytes: Self.runawayComponent)
        return (folder, try EntryFile.load(path: folder.write("entry.yaml", Self.componentEntries(limits))))
    }

    @Test func anInfiniteLoopEndsWithTheLimitError() throws {
        let (folder, file) = try watFile()
        defer { withExtendedLifetime(folder) {} }
        let (error, seconds) = failure(file, "t:spin")
        #expect(error?.kind == .trap)
        #expect(error?.description.hasSuffix("t:spin: trap: execution time limit exceeded (100 ms)") == true, "\(String(describing: error))")
        #expect(seconds < 10)
        // The command line's limit is tighter, so it wins.
        let (tighter, _) = failure(file, "t:spin", limits: CallLimits(maxExecutionMilliseconds: 20))
        #expect(tighter?.message == "trap: execution time limit exceeded (20 ms)")
        let (fuel, _) = failure(file, "t:spin", limits: CallLimits(fuel: 10_000))
        #expect(fuel?.message == "trap: all fuel consumed")
    }

    @Test func memoryBytesCapsMemoryGrow() throws {
        let (folder, file) = try watFile()
        defer { withExtendedLifetime(folder) {} }
        #expect(try file.call(id: "t:grow", arguments: ["3"]) == .number(1))
        #expect(try file.call(id: "t:grow", arguments: ["4"]) == .number(-1))
        #expect(try file.call(id: "t:grow", arguments: ["3"], limits: CallLimits(maxMemoryBytes: 65536 * 3)) == .number(-1))
        #expect(try file.call(id: "t:grow", arguments: ["2"], limits: CallLimits(maxMemoryBytes: 65536 * 3)) == .number(1))
    }

    @Test func unboundedRecursionIsATrap() throws {
        let (folder, file) = try watFile()
        defer { withExtendedLifetime(folder) {} }
        let (error, _) = failure(file, "t:recurse", ["0"])
        #expect(error?.message == "trap: call stack exhausted")
    }

    @Test func aComponentExportIsStopped() throws {
        let (folder, file) = try componentFile("max_execution_ms: 100")
        defer { withExtendedLifetime(folder) {} }
        let (error, seconds) = failure(file, "c:spin")
        #expect(error?.kind == .trap)
        #expect(error?.message == "trap: execution time limit exceeded (100 ms)", "\(String(describing: error))")
        #expect(seconds < 10)
    }

    @Test func aComponentThatSleptAndResumedIsStopped() throws {
        let (folder, file) = try componentFile("max_execution_ms: 200")
        defer { withExtendedLifetime(folder) {} }
        // Sleeps 20 ms (the call suspends on the dispatcher and resumes), then loops.
        let (error, _) = failure(file, "c:sleep-then-spin", ["20000000"])
        #expect(error?.message == "trap: execution time limit exceeded (200 ms)", "\(String(describing: error))")
        // A sleep past the deadline is cut short.
        let (sleeping, seconds) = failure(file, "c:sleep", ["10000000000"])
        #expect(sleeping?.message == "trap: execution time limit exceeded (200 ms)", "\(String(describing: sleeping))")
        #expect(seconds < 5)
        #expect(try file.call(id: "c:sleep", arguments: ["1000000"]) == nil)
    }

    @Test func aComponentsRecursionAndMemoryAreBounded() throws {
        let (folder, file) = try componentFile("memory_bytes: 131072")
        defer { withExtendedLifetime(folder) {} }
        let (error, _) = failure(file, "c:recurse", ["0"])
        #expect(error?.message == "trap: call stack exhausted", "\(String(describing: error))")
        #expect(try file.call(id: "c:grow", arguments: ["1"]) == .number(1))
        #expect(try file.call(id: "c:grow", arguments: ["2"]) == .number(-1))
    }
}
