import Testing
import WasmBytes
import WippyJSON
import WippyRuntime
import WippySHA256

/// The SHA-256 of a `function.wasm` file is computed beside its decoding and validation (on a
/// thread of its own from 1 MiB on): a mismatch must still be what the entry reports, and a
/// matching file must load as before.
@Suite("Entry hash checks")
struct EntryHashCheckTests {
    /// `addModule` with a 2 MiB custom section after it: large enough to be hashed on a thread.
    static let largeAddModule: [UInt8] =
        addModule + WasmBytes.section(0, WasmBytes.name("padding") + [UInt8](repeating: 0x5a, count: 2 << 20))

    /// A module header followed by a section that runs past the end of the file.
    static let malformed: [UInt8] = WasmBytes.header + [0x01, 0x7f]

    @Test func largeModuleWithItsHashRuns() throws {
        let (folder, path) = EntryRunTests.wasmFolder(module: Self.largeAddModule)
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        #expect(try file.call(id: "t:add", arguments: ["40", "2"]) == .number(42))
    }

    @Test(arguments: [false, true])
    func wrongHashIsReportedBeforeAMalformedModule(large: Bool) throws {
        let bytes = large ? Self.malformed + [UInt8](repeating: 0, count: 2 << 20) : Self.malformed
        let wrong = String(repeating: "0", count: 64)
        let (folder, path) = EntryRunTests.wasmFolder(hash: wrong, module: bytes)
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        let expected = "hash verification failed: expected \(wrong), got \(SHA256.hexDigest(bytes))"
        #expect(throws: EntryError(file: path, entryID: "t:add", expected)) {
            try file.call(id: "t:add", arguments: ["1", "2"])
        }
    }

    @Test func wrongHashOfALargeValidModuleIsRefused() throws {
        let wrong = String(repeating: "f", count: 64)
        let (folder, path) = EntryRunTests.wasmFolder(hash: wrong, module: Self.largeAddModule)
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        let expected = "hash verification failed: expected \(wrong), got \(SHA256.hexDigest(Self.largeAddModule))"
        #expect(throws: EntryError(file: path, entryID: "t:add", expected)) {
            try file.call(id: "t:add", arguments: ["1", "2"])
        }
    }

    @Test func malformedModuleWithItsHashIsMalformed() throws {
        let (folder, path) = EntryRunTests.wasmFolder(module: Self.malformed)
        defer { withExtendedLifetime(folder) {} }
        let file = try EntryFile.load(path: path)
        do {
            _ = try file.call(id: "t:add", arguments: ["1", "2"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("malformed module"))
        }
    }
}
