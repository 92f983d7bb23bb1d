import Synchronization
import Testing
import WippyRuntime

/// `funcs` chains that take pool instances in opposite orders (A → B while B → A) never
/// deadlock: a wait that would close a cycle gets `err("…: busy …")`.
@Suite("funcs calls never deadlock")
struct FuncsDeadlockTests {
    /// Starts every call in `calls` (entry ID, JSON arguments) at once and waits until all have
    /// answered, or gives up after `seconds` (a safety bound: calls that never answer are
    /// deadlocked). Returns the answers in order, nil for calls that did not answer.
    static func answers(_ registry: EntryRegistry, _ calls: [(String, String)], seconds: Int = 60) async throws -> [String?] {
        let results = Mutex<[Int: String]>([:])
        for (index, (id, body)) in calls.enumerated() {
            registry.callJSONText(id, arguments: Array(body.utf8)) { result in
                let text: String
                switch result {
                case .success(let json): text = json
                case .failure(let error): text = "error: \(error.message)"
                }
                results.withLock { $0[index] = text }
            }
        }
        for _ in 0..<(seconds * 100) {
            if results.withLock({ $0.count }) == calls.count { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let finished = results.withLock { $0 }
        return calls.indices.map { finished[$0] }
    }

    /// Every answer is the echoed input, or an `err` saying the wait was refused.
    static func check(_ answers: [String?], expected: [String]) -> Bool {
        var allFinished = true
        for (answer, ok) in zip(answers, expected) {
            guard let answer else {
                allFinished = false
                continue
            }
            #expect(answer == #"{"ok":"\#(ok)"}"# || (answer.hasPrefix(#"{"err":""#) && answer.contains("busy")), "\(answer)")
        }
        return allFinished
    }

    @Test(arguments: ["{type: inline}", "{type: lazy, max_size: 1}", "{type: static, workers: 1, buffer: 64}"])
    func opposedChainsOfSingleInstancePoolsAlwaysFinish(pool: String) async throws {
        let fixture = RegistryFixture()
        let registry = try fixture.registry([
            fixture.caller("a", method: "forward", pool: pool),
            fixture.caller("b", method: "forward", pool: pool),
            fixture.callee("echo"),
        ])
        defer { registry.shutdown() }
        for round in 0..<150 {
            // Call 1: A -> B -> echo; call 2: B -> A -> echo, at the same time.
            let calls = [("t:a", #"["t:b|t:echo|one \#(round)"]"#), ("t:b", #"["t:a|t:echo|two \#(round)"]"#)]
            let answers = try await Self.answers(registry, calls)
            guard Self.check(answers, expected: ["one \(round)", "two \(round)"]) else {
                Issue.record("round \(round): the opposed chains did not finish within the safety bound (deadlock)")
                return
            }
        }
        // The instances are free again: both directions work.
        let after = try await Self.answers(registry, [("t:a", #"["t:b|t:echo|x"]"#)])
        #expect(after == [#"{"ok":"x"}"#])
        #expect(registry.statistics("t:a")?.created == 1)
        #expect(registry.statistics("t:b")?.created == 1)
        #expect(registry.statistics("t:a")?.busy == 0)
    }

    @Test func cyclesThroughThreeEntriesAndSeveralInstancesAlwaysFinish() async throws {
        // Three lazy pools of two instances, six chains at once: A->B->C, B->C->A, C->A->B, twice.
        let fixture = RegistryFixture()
        let pool = "{type: lazy, max_size: 2}"
        let registry = try fixture.registry([
            fixture.caller("a", method: "forward", pool: pool),
            fixture.caller("b", method: "forward", pool: pool),
            fixture.caller("c", method: "forward", pool: pool),
            fixture.callee("echo"),
        ])
        defer { registry.shutdown() }
        for round in 0..<100 {
            var calls: [(String, String)] = []
            var expected: [String] = []
            for copy in 0..<2 {
                for (first, second, third) in [("a", "b", "c"), ("b", "c", "a"), ("c", "a", "b")] {
                    let word = "\(first)\(copy) \(round)"
                    calls.append(("t:\(first)", #"["t:\#(second)|t:\#(third)|t:echo|\#(word)"]"#))
                    expected.append(word)
                }
            }
            let answers = try await Self.answers(registry, calls)
            guard Self.check(answers, expected: expected) else {
                Issue.record("round \(round): the chains did not finish within the safety bound (deadlock)")
                return
            }
        }
        for id in ["t:a", "t:b", "t:c"] {
            #expect((registry.statistics(id)?.peakBusy ?? 0) <= 2)
            #expect(registry.statistics(id)?.busy == 0)
        }
    }
}
