import Testing
@testable import ComponentModel
import WASIHost
import WASIIO

/// Hostile calls into wasi:io, wasi:cli and wasi:random, made directly as a guest instance
/// would: each is a WASI error value or a trap (a thrown error), never a crash.
@Suite("wasi:io bad input")
struct IOBadInputTests {
    static let streams = "wasi:io/streams@\(wasiVersion)"
    static let poll = "wasi:io/poll@\(wasiVersion)"

    let host: FilesystemHost
    let stdin = WASIByteBuffer(Array("abc".utf8))
    let stdout = WASIByteBuffer()

    init() throws {
        host = try FilesystemHost(mount: "/nonexistent-never-opened", readOnly: true)
        let context = WASIContext(standardInput: .buffer(stdin), standardOutput: .buffer(stdout))
        host.state[WASISession.self] = WASISession(context: context, dispatcher: try Dispatcher())
    }

    func own(_ value: ComponentValue?) throws -> ResourceHandle {
        guard case .own(let h)? = value else { throw ComponentError(.trap, "expected an own handle, got \(String(describing: value))") }
        return h
    }

    @Test func aStreamWithALivePollableCannotBeDropped() throws {
        let out = try own(try host.call("get-stdout", [], interface: "wasi:cli/stdout@\(wasiVersion)"))
        let pollable = try own(try host.call("[method]output-stream.subscribe", [.borrow(out)], interface: Self.streams))
        #expect(throws: ComponentResourceError.self) { try host.state.resources.delete(out.rep) }
        try host.state.resources.delete(pollable.rep)
        try host.state.resources.delete(out.rep)
        // Used after it was dropped: a trap, not a crash.
        #expect(throws: (any Error).self) { try host.call("[method]output-stream.check-write", [.borrow(out)], interface: Self.streams) }
    }

    @Test func handlesOfTheWrongTypeOrInstanceAreRefused() throws {
        let out = try own(try host.call("get-stdout", [], interface: "wasi:cli/stdout@\(wasiVersion)"))
        // An output stream passed where a pollable is expected.
        #expect(throws: (any Error).self) { try host.call("[method]pollable.ready", [.borrow(out)], interface: Self.poll) }
        // Another instance's handle (its table is its own).
        let other = try FilesystemHost(mount: "/nonexistent-never-opened", readOnly: true)
        other.state[WASISession.self] = WASISession(context: WASIContext(standardOutput: .null), dispatcher: try Dispatcher())
        #expect(throws: (any Error).self) { try other.call("[method]output-stream.check-write", [.borrow(ResourceHandle(type: out.type, rep: out.rep + 7))], interface: Self.streams) }
        // Not a handle at all.
        #expect(throws: (any Error).self) { try host.call("[method]output-stream.check-write", [.u32(1)], interface: Self.streams) }
    }

    @Test func readingPastTheEndReportsClosedEveryTime() throws {
        let input = try own(try host.call("get-stdin", [], interface: "wasi:cli/stdin@\(wasiVersion)"))
        let first = try host.call("[method]input-stream.read", [.borrow(input), .u64(100)], interface: Self.streams)
        #expect(first == .ok(.bytes(Array("abc".utf8))))
        for _ in 0..<2 {
            let again = try host.call("[method]input-stream.read", [.borrow(input), .u64(100)], interface: Self.streams)
            #expect(again == .err(.variant(case: "closed", payload: nil)))
        }
        // A huge length is clamped, not allocated.
        _ = try host.call("[method]input-stream.read", [.borrow(input), .u64(UInt64.max)], interface: Self.streams)
    }

    @Test func oversizedRequestsTrap() throws {
        let out = try own(try host.call("get-stdout", [], interface: "wasi:cli/stdout@\(wasiVersion)"))
        #expect(throws: (any Error).self) {
            try host.call("[method]output-stream.blocking-write-and-flush", [.borrow(out), .bytes([UInt8](repeating: 1, count: 4097))], interface: Self.streams)
        }
        #expect(try host.call("[method]output-stream.blocking-write-and-flush", [.borrow(out), .bytes(Array("ok".utf8))], interface: Self.streams) == .ok())
        #expect(stdout.text == "ok")
        #expect(throws: (any Error).self) { try host.call("poll", [.list([])], interface: Self.poll) }
        #expect(throws: (any Error).self) {
            try host.call("get-random-bytes", [.u64(1 << 40)], interface: "wasi:random/random@\(wasiVersion)")
        }
    }
}
