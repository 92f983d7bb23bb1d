#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization
import Testing
import WippyFuncs
import WippyJSON
import WippyRuntime
import WippySHA256
import FileSupport

/// Pools of entries: how many instances run at once, reuse, discarding after a trap, queues.
@Suite("Entry pools")
struct PoolTests {
    /// `work(n)`: spins n iterations, then returns how many calls this instance has served
    /// (a mutable global); `work(0)` traps.
    static let workModule = """
    (module
      (global $calls (mut i32) (i32.const 0))
      (func (export "work") (param $n i32) (result i32) (local $i i32)
        (if (i32.eqz (local.get $n)) (then unreachable))
        (block $done (loop $spin
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $spin)))
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (global.get $calls)))
    """

    static func registry(pool: String, workers: Int = 2, module: String = workModule, limits: String = "") throws -> (TemporaryFolder, EntryRegistry) {
        let folder = TemporaryFolder()
        folder.write("work.wat", module + "\n")
        let path = folder.write("entry.yaml", """
        namespace: t
        entries:
          - name: work
            kind: function.wat
            source: file://work.wat
            method: work
            pool: \(pool)
        \(limits.isEmpty ? "" : "    limits: \(limits)")
        """)
        return (folder, try EntryRegistry(paths: [path], workerCount: workers))
    }

    static func results(_ registry: EntryRegistry, callers: Int, spin: Int) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    let result = try await registry.call("t:work", json: [.number(JSONNumber(Int64(spin)))])
                    return Int(result?.numberValue?.int64 ?? -1)
                }
            }
            var all: [Int] = []
            for try await value in group { all.append(value) }
            return all
        }
    }

    @Test func aLazyPoolNeverRunsMoreThanItsMaxSize() async throws {
        let (folder, registry) = try Self.registry(pool: "{type: lazy, max_size: 4}")
        defer { registry.shutdown(); withExtendedLifetime(folder) {} }
        let results = try await Self.results(registry, callers: 64, spin: 20_000)
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 >= 1 })
        let stats = try #require(registry.statistics("t:work"))
        #expect(stats.peakBusy <= 4)
        #expect(stats.created <= 4)
        #expect(stats.busy == 0 && stats.waiting == 0)
        // Each instance counts its own calls: together they served all 64.
        #expect(results.filter { $0 == 1 }.count == stats.created)
    }

    @Test func waitingGuestsHoldTheirInstancesAndTheCapHolds() async throws {
        // testsuite/components/sleeper.wasm: sleep(ns) parks on the worker's dispatcher, so
        // many calls are in progress at once: exactly max_size of them, the rest wait in order.
        let folder = TemporaryFolder()
        folder.makeFolder("mods")
        let sleeper = Files.read(repositoryRoot + "/testsuite/components/sleeper.wasm") ?? []
        folder.write("mods/sleeper.wasm", bytes: sleeper)
        let path = folder.write("entry.yaml", """
        namespace: t
        entries:
          - {name: mods, kind: fs.directory, directory: mods}
          - name: sleep
            kind: function.wasm
            fs: t:mods
            path: /sleeper.wasm
            hash: sha256:\(SHA256.hexDigest(sleeper))
            method: sleep
            imports: [wasi:io, wasi:clocks]
            pool: {type: lazy, max_size: 4}
        """)
        let registry = try EntryRegistry(paths: [path], workerCount: 2)
        defer { registry.shutdown() }
        let slept = try await withThrowingTaskGroup(of: Int64.self) { group in
            for _ in 0..<64 {
                group.addTask { try await registry.call("t:sleep", json: [5_000_000])?.numberValue?.int64 ?? -1 }
            }
            var all: [Int64] = []
            for try await value in group { all.append(value) }
            return all
        }
        #expect(slept.count == 64)
        #expect(slept.allSatisfy { $0 >= 5_000_000 })
        let stats = try #require(registry.statistics("t:sleep"))
        #expect(stats.peakBusy == 4)
        #expect(stats.created == 4)
        #expect(stats.busy == 0 && stats.waiting == 0)
    }

    @Test func anInlinePoolSerializesCalls() async throws {
        let (folder, registry) = try Self.registry(pool: "{type: inline}")
        defer { registry.shutdown(); withExtendedLifetime(folder) {} }
        let results = try await Self.results(registry, callers: 16, spin: 5_000)
        // One warm instance served all of them, one after another.
        #expect(results.sorted() == Array(1...16))
        #expect(registry.statistics("t:work")?.peakBusy == 1)
        #expect(registry.statistics("t:work")?.created == 1)
    }

    @Test func aLongQueueIsServedInTurn() async throws {
        // 5,000 callers of one inline instance: each waiter's turn is queued on the worker, not
        // run inside the previous call's end (which would nest 5,000 calls deep on one stack).
        let (folder, registry) = try Self.registry(pool: "{type: inline}")
        defer { registry.shutdown(); withExtendedLifetime(folder) {} }
        let results = try await Self.results(registry, callers: 5_000, spin: 1)
        #expect(results.sorted() == Array(1...5_000))
    }

    @Test func aTrappedInstanceIsNotReused() async throws {
        let (folder, registry) = try Self.registry(pool: "{type: inline}")
        defer { registry.shutdown(); withExtendedLifetime(folder) {} }
        #expect(try await registry.call("t:work", json: [1]) == .number(JSONNumber(Int64(1))))
        #expect(try await registry.call("t:work", json: [1]) == .number(JSONNumber(Int64(2))))
        do {
            _ = try await registry.call("t:work", json: [0])
            Issue.record("work(0) did not trap")
        } catch {
            #expect(error.kind == .trap)
        }
        // A fresh instance: its counter starts again.
        #expect(try await registry.call("t:work", json: [1]) == .number(JSONNumber(Int64(1))))
        #expect(registry.statistics("t:work")?.created == 2)
        #expect(registry.statistics("t:work")?.discarded == 1)
    }

    @Test func anInstanceKeepingTooMuchMemoryIsRecycled() async throws {
        let big = "(module (memory 2)" + Self.workModule.dropFirst("(module".count)
        let (folder, registry) = try Self.registry(pool: "{type: inline}", module: big, limits: "{max_retained_memory_bytes: 65536}")
        defer { registry.shutdown(); withExtendedLifetime(folder) {} }
        #expect(try await registry.call("t:work", json: [1]) == .number(JSONNumber(Int64(1))))
        #expect(try await registry.call("t:work", json: [1]) == .number(JSONNumber(Int64(1))))
        #expect(registry.statistics("t:work")?.created == 2)
        let (folder2, warm) = try Self.registry(pool: "{type: inline}", module: big)
        defer { warm.shutdown(); withExtendedLifetime(folder2) {} }
        _ = try await warm.call("t:work", json: [1])
        #expect(try await warm.call("t:work", json: [1]) == .number(JSONNumber(Int64(2))))
    }

    /// `work(n)`: keeps an n-byte GC array in a global, then returns how many calls this
    /// instance has served.
    static let gcModule = """
    (module
      (type $bytes (array (mut i8)))
      (global $keep (mut (ref null $bytes)) (ref.null $bytes))
      (global $calls (mut i32) (i32.const 0))
      (func (export "work") (param $n i32) (result i32)
        (global.set $keep (array.new_default $bytes (local.get $n)))
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (global.get $calls)))
    """

    @Test func anInstanceKeepingTooLargeAGCHeapIsRecycled() async throws {
        let (folder, registry) = try Self.registry(pool: "{type: inline}", module: Self.gcModule, limits: "{max_retained_memory_bytes: 65536}")
        defer { registry.shutdown(); withExtendedLifetime(folder) {} }
        // 100 kB of GC heap kept, no linear memory at all.
        #expect(try await registry.call("t:work", json: [100_000]) == .number(JSONNumber(Int64(1))))
        #expect(try await registry.call("t:work", json: [100_000]) == .number(JSONNumber(Int64(1))))
        #expect(registry.statistics("t:work")?.created == 2)
        // A small heap stays warm.
        #expect(try await registry.call("t:work", json: [1_000]) == .number(JSONNumber(Int64(1))))
        #expect(try await registry.call("t:work", json: [1_000]) == .number(JSONNumber(Int64(2))))
    }

    @Test func memoryBytesCapsTheGCHeapToo() async throws {
        let (folder, registry) = try Self.registry(pool: "{type: inline}", module: Self.gcModule, limits: "{memory_bytes: 1048576}")
        defer { registry.shutdown(); withExtendedLifetime(folder) {} }
        #expect(try await registry.call("t:work", json: [500_000]) == .number(JSONNumber(Int64(1))))
        do {
            _ = try await registry.call("t:work", json: [2_000_000])
            Issue.record("a 2 MB array in a 1 MiB cap did not trap")
        } catch {
            #expect(error.kind == .trap)
            #expect("\(error)".contains("out of memory: GC heap limit"), "\(error)")
        }
    }

    @Test func staticAndAdaptivePoolsFinishEveryCall() async throws {
        for pool in ["{type: static, workers: 3}", "{type: adaptive, max_size: 3}", "{}"] {
            let (folder, registry) = try Self.registry(pool: pool)
            defer { registry.shutdown(); withExtendedLifetime(folder) {} }
            let results = try await Self.results(registry, callers: 24, spin: 2_000)
            #expect(results.count == 24)
            #expect((registry.statistics("t:work")?.peakBusy ?? 99) <= (pool == "{}" ? 16 : 3))
        }
    }

    @Test func aFullStaticQueueIsAClearError() async throws {
        let fixture = RegistryFixture()
        let registry = try fixture.registry([fixture.caller("gated", method: "call", pool: "{type: static, workers: 1, buffer: 0}")])
        defer { registry.shutdown() }
        let open = Atomic<Bool>(false)
        try registry.register("t:gate") { input throws(FuncsFailure) in
            while !open.load(ordering: .acquiring) { usleep(1000) }
            return input
        }
        async let first = registry.call("t:gated", json: ["t:gate", "x"])
        while registry.statistics("t:gated")?.busy != 1 { try await Task.sleep(nanoseconds: 1_000_000) }
        do {
            _ = try await registry.call("t:gated", json: ["t:gate", "y"])
            Issue.record("a call past the full queue was accepted")
        } catch {
            #expect(error.kind == .busy)
            #expect(error.message.contains("pool queue is full"))
        }
        open.store(true, ordering: .releasing)
        #expect(try await first == .object(["ok": .string("x")]))
    }

    @Test func badPoolFieldsAreLocatedErrors() throws {
        let cases: [(String, String)] = [
            ("{type: eager}", "pool.type: unknown pool type 'eager'"),
            ("{type: lazy, max_size: 0}", "pool.max_size must be a positive integer"),
            ("{type: static, workers: -2}", "pool.workers must be a positive integer"),
            ("{type: static, buffer: many}", "pool.buffer must be a non-negative integer"),
            ("{type: lazy, colour: red}", "pool.colour is not a known field"),
            ("inline", "field 'pool' must be a mapping"),
        ]
        for (pool, expected) in cases {
            let folder = TemporaryFolder()
            folder.write("work.wat", Self.workModule)
            let path = folder.write("entry.yaml", "namespace: t\nentries:\n  - name: work\n    kind: function.wat\n    source: file://work.wat\n    method: work\n    pool: \(pool)\n")
            do {
                _ = try EntryFile.load(path: path)
                Issue.record("pool \(pool) was accepted")
            } catch {
                #expect(error.description.contains("t:work: \(expected)"), "\(error)")
                #expect(error.description.contains("entry.yaml:"), "\(error)")
            }
        }
    }
}
