import Testing
@testable import ComponentModel
import WASIHost
import WASIIO
@testable import WASIHTTP

/// A guest's `fields` hold at most 128 KiB (names and values plus 32 bytes an entry), and all
/// its `wasi:http` objects together at most 128 MiB (`GuestHTTPMemory`): past them `append`,
/// `set`, `from-list` and `clone` trap, a request part is refused and a body write fails,
/// instead of growing the host's memory without end. The host functions are called directly,
/// as a guest instance would call them.
struct FieldsLimitTests {
    let linker: ComponentLinker
    let state = ComponentHostState()
    static let types = HTTPResources.interface

    init() throws {
        linker = ComponentLinker()
        try wasiIOGroup.register(into: linker)
        try wasiHTTPGroup.register(into: linker)
    }

    func call(_ item: String, _ arguments: [ComponentValue]) throws -> ComponentValue? {
        guard let body = linker.lookup(Self.types)?.functions[item]?.hostFunction else {
            throw ComponentError(.link, "no host function \(Self.types)#\(item)")
        }
        guard case .value(let result) = try body(ComponentHostCall(arguments: arguments, state: state, name: "\(Self.types)#\(item)")) else {
            throw ComponentError(.trap, "\(item) did not answer at once")
        }
        return result
    }

    func newFields() throws -> ResourceHandle {
        guard case .own(let handle)? = try call("[constructor]fields", []) else { throw ComponentError(.trap, "no fields") }
        return handle
    }

    func append(_ fields: ResourceHandle, _ name: String, _ value: [UInt8]) throws -> ComponentValue? {
        try call("[method]fields.append", [.borrow(fields), .string(name), .bytes(value)])
    }

    static func isTooLarge(_ error: any Error) -> Bool {
        "\(error)".contains("wasi:http fields too large: more than 131072 bytes")
    }

    /// One entry of `total` bytes as the limit counts them (name "x", the overhead, the value).
    static func value(filling total: Int) -> [UInt8] {
        Array(repeating: UInt8(ascii: "a"), count: total - 1 - FieldsObject.entryOverhead)
    }

    @Test func appendFillsToTheLimitExactlyThenTraps() throws {
        let f = try newFields()
        #expect(try append(f, "x", Self.value(filling: FieldsObject.maxSize - 100)) == .ok())
        #expect(try append(f, "x", Self.value(filling: 100)) == .ok())
        do {
            _ = try append(f, "y", [])
            Issue.record("an entry past the limit was appended")
        } catch {
            #expect(Self.isTooLarge(error), "\(error)")
        }
        // What was refused left the fields as they were.
        guard case .list(let values)? = try call("[method]fields.get", [.borrow(f), .string("x")]) else {
            Issue.record("get answered no list")
            return
        }
        #expect(values.count == 2)
    }

    @Test func aLoopOfAppendsStops() throws {
        let f = try newFields()
        var appended = 0
        do {
            while appended < 1_000_000 {
                _ = try append(f, "x-header", Array(repeating: UInt8(ascii: "v"), count: 1000))
                appended += 1
            }
            Issue.record("a million appends of 1 KB went through")
        } catch {
            #expect(Self.isTooLarge(error), "\(error)")
        }
        // 1,000 + 8 + 32 bytes an entry: 126 of them fit in 128 KiB.
        #expect(appended == FieldsObject.maxSize / (1000 + 8 + FieldsObject.entryOverhead))
    }

    @Test func setCountsTheValuesItReplaces() throws {
        let f = try newFields()
        let big = Self.value(filling: FieldsObject.maxSize / 2 + 10)
        #expect(try append(f, "x", big) == .ok())
        // Replacing x with a value as large again fits; adding it beside x would not.
        #expect(try call("[method]fields.set", [.borrow(f), .string("X"), .list([.bytes(big)])]) == .ok())
        #expect(throws: (any Error).self, performing: { try append(f, "x", big) })
        #expect(throws: (any Error).self, performing: {
            try call("[method]fields.set", [.borrow(f), .string("y"), .list([.bytes(big)])])
        })
    }

    @Test func fromListAndCloneAreBoundedToo() throws {
        let half = Self.value(filling: FieldsObject.maxSize / 2)
        let pair = ComponentValue.tuple([.string("x"), .bytes(half)])
        guard case .result(true, .own(let f)?)? = try call("[static]fields.from-list", [.list([pair, pair])]) else {
            Issue.record("from-list of exactly the limit was refused")
            return
        }
        // A clone of fields within the limit is within it.
        guard case .own? = try call("[method]fields.clone", [.borrow(f)]) else {
            Issue.record("clone answered no handle")
            return
        }
        do {
            _ = try call("[static]fields.from-list", [.list([pair, pair, .tuple([.string("y"), .bytes([])])])])
            Issue.record("from-list past the limit was accepted")
        } catch {
            #expect(Self.isTooLarge(error), "\(error)")
        }
    }

    @Test func theFieldsOfAnInstanceAreBoundedTogether() throws {
        // One full object, then clones of it: 1,024 of them fill the 128 MiB; the next traps.
        let full = try newFields()
        #expect(try append(full, "x", Self.value(filling: FieldsObject.maxSize)) == .ok())
        var clones: [ResourceHandle] = []
        for _ in 1 ..< GuestHTTPMemory.limit / FieldsObject.maxSize {
            guard case .own(let h)? = try call("[method]fields.clone", [.borrow(full)]) else {
                Issue.record("clone answered no handle")
                return
            }
            clones.append(h)
        }
        #expect(state[GuestHTTPMemory.self]?.bytes == GuestHTTPMemory.limit)
        do {
            _ = try call("[method]fields.clone", [.borrow(full)])
            Issue.record("a clone past 128 MiB together was made")
        } catch {
            #expect("\(error)".contains("would hold more than 134217728 bytes together"), "\(error)")
        }
        // An append to an empty object is refused too; a freed object gives its share back.
        let empty = try newFields()
        #expect(throws: (any Error).self, performing: { try append(empty, "y", []) })
        _ = try state.resources.delete(clones[0].rep)
        #expect(state[GuestHTTPMemory.self]?.bytes == GuestHTTPMemory.limit - FieldsObject.maxSize)
        #expect(try append(empty, "y", Self.value(filling: 1000)) == .ok())
    }

    @Test func aRequestsHeadCountsAndItsPartsAreBounded() throws {
        let f = try newFields()
        #expect(try append(f, "x", Self.value(filling: 1000)) == .ok())
        guard case .own(let request)? = try call("[constructor]outgoing-request", [.own(f)]) else {
            Issue.record("no request")
            return
        }
        // The fields' bytes moved to the request (the consumed fields object gave them back).
        #expect(state[GuestHTTPMemory.self]?.bytes == 1000 + "GET".utf8.count)
        let longPath = "/" + String(repeating: "a", count: RequestParts.maxPartLength)
        #expect(try call("[method]outgoing-request.set-path-with-query", [.borrow(request), .option(.string(longPath))]) == .err())
        #expect(try call("[method]outgoing-request.set-path-with-query", [.borrow(request), .option(.string("/ok"))]) == .ok())
        #expect(state[GuestHTTPMemory.self]?.bytes == 1000 + "GET".utf8.count + "/ok".utf8.count)
        _ = try state.resources.delete(request.rep)
        #expect(state[GuestHTTPMemory.self]?.bytes == 0)
    }

    @Test func bodyBytesWaitingCountAndAWritePastTheAccountFails() throws {
        let account = GuestHTTPMemory()
        account.add(GuestHTTPMemory.limit - 10)
        let body = OutgoingBodyObject(expectedLength: nil, account: account)
        let eleven = [UInt8](repeating: 7, count: 11)
        var failed: StreamError?
        eleven.withUnsafeBytes { b in
            do throws(StreamError) { try body.pipe.append(b) } catch { failed = error }
        }
        #expect(failed.map { "\($0)".contains("wasi:http objects too large") } == true)
        eleven.prefix(10).withUnsafeBytes { b in
            do throws(StreamError) { try body.pipe.append(b) } catch { Issue.record("10 bytes did not fit: \(error)") }
        }
        #expect(account.bytes == GuestHTTPMemory.limit)
        #expect(body.pipe.take(4).count == 4)
        #expect(account.bytes == GuestHTTPMemory.limit - 4)
    }

    @Test func invalidNamesStillAnswerHeaderErrors() throws {
        let f = try newFields()
        #expect(try append(f, "bad name", [1]) == .err(.variant(case: "invalid-syntax", payload: nil)))
    }
}
