import ComponentModel
import WASIHost

/// The WASI 0.2 version the host groups register their interfaces under; the linker serves
/// every guest importing a compatible 0.2.x version with it.
public let wasiVersion = "0.2.12"

/// The `wasi:io` resource types in one linker (shared by every group that hands out streams or
/// pollables, so they agree on their identity).
public struct IOResources: Sendable {
    /// `wasi:io/error.error`.
    public let error: ResourceID
    /// `wasi:io/poll.pollable`.
    public let pollable: ResourceID
    /// `wasi:io/streams.input-stream`.
    public let inputStream: ResourceID
    /// `wasi:io/streams.output-stream`.
    public let outputStream: ResourceID

    /// The types in `linker` (created there on first use).
    public init(_ linker: ComponentLinker) throws(ComponentError) {
        error = try linker.resourceType("wasi:io/error@\(wasiVersion)#error")
        pollable = try linker.resourceType("wasi:io/poll@\(wasiVersion)#pollable")
        inputStream = try linker.resourceType("wasi:io/streams@\(wasiVersion)#input-stream")
        outputStream = try linker.resourceType("wasi:io/streams@\(wasiVersion)#output-stream")
    }
}

/// What a `wasi:io/error.error` handle holds.
public final class IOErrorObject {
    /// The failure.
    public let error: SystemError
    /// The higher-protocol reason, when there is one (an HTTP `error-code`).
    public let cause: (any Error & Sendable)?
    /// Creates one.
    public init(_ error: SystemError, cause: (any Error & Sendable)? = nil) {
        self.error = error
        self.cause = cause
    }

    /// The text `to-debug-string` answers.
    public var text: String { cause.map { "\($0)" } ?? error.description }
}

/// The object behind an `input-stream` handle.
public final class InputStreamObject {
    /// The stream.
    public let stream: HostInputStream
    /// Creates one.
    public init(_ stream: HostInputStream) { self.stream = stream }
}

/// The object behind an `output-stream` handle.
public final class OutputStreamObject {
    /// The stream.
    public let stream: HostOutputStream
    /// What the guest may still write: what its last `check-write` answered, less what it
    /// wrote since (see ``takePermit(_:)``). Only the guest's calls on this handle, on its
    /// thread, read and write it, each in one statement that calls nothing.
    @exclusivity(unchecked) var permit = 0
    /// Creates one.
    public init(_ stream: HostOutputStream) { self.stream = stream }

    /// Records the answer of a `check-write`.
    func permitted(_ room: Int) { permit = room }

    /// Takes `count` bytes of a `write` or `write-zeroes` from the permit, or throws
    /// ``WriteBeyondPermit``. WASI's `write` traps past what `check-write` allowed; without it
    /// a guest could make the host buffer any amount for a stream that cannot take it (a pipe
    /// or socket whose reader has stopped). Guests that write without asking first are let
    /// through when nothing would be held for them: the stream has room for the write now (its
    /// free buffer, so what it holds stays bounded), or it does not hold writes at all (a file,
    /// written through; see ``HostOutputStream/holdsWrites``), or it has failed or closed and
    /// reports that.
    func takePermit(_ count: Int) throws(WriteBeyondPermit) {
        if count <= permit {
            permit &-= count
            return
        }
        let left = permit
        permit = 0
        guard stream.holdsWrites else { return }
        // A stream that has failed or closed buffers nothing: its write reports that.
        guard let room = try? stream.checkWrite() else { return }
        guard count <= room else { throw WriteBeyondPermit(count: count, permit: left, room: room) }
    }
}

/// A `write` or `write-zeroes` larger than both the last `check-write`'s permit and the
/// stream's room: the call traps with this message.
struct WriteBeyondPermit: Error, CustomStringConvertible {
    let count: Int
    let permit: Int
    let room: Int
    var description: String {
        "a write of \(count) bytes is more than check-write allowed (\(permit) bytes left) and more than the stream has room for now (\(room) bytes)"
    }
}

/// The object behind a `pollable` handle.
public final class PollableObject {
    /// What it waits for.
    public let pollable: HostPollable
    /// Creates one.
    public init(_ pollable: HostPollable) { self.pollable = pollable }
}

extension ComponentHostCall {
    /// Hands `stream` to the guest as an owned `input-stream` (child of `parent` when given).
    public func newInputStream(_ stream: HostInputStream, _ io: IOResources, parent: ResourceHandle? = nil) throws -> ComponentValue {
        .own(try resources.push(InputStreamObject(stream), type: io.inputStream, parent: parent))
    }

    /// Hands `stream` to the guest as an owned `output-stream`.
    public func newOutputStream(_ stream: HostOutputStream, _ io: IOResources, parent: ResourceHandle? = nil) throws -> ComponentValue {
        .own(try resources.push(OutputStreamObject(stream), type: io.outputStream, parent: parent))
    }

    /// Hands `pollable` to the guest as an owned `pollable`, a child of `parent` (the stream or
    /// socket it watches) when given.
    public func newPollable(_ pollable: HostPollable, _ io: IOResources, parent: ComponentValue? = nil) throws -> ComponentValue {
        var p: ResourceHandle?
        if case .own(let h)? = parent { p = h }
        if case .borrow(let h)? = parent { p = h }
        return .own(try resources.push(PollableObject(pollable), type: io.pollable, parent: p))
    }

    /// A `stream-error` for `error`: `closed`, or `last-operation-failed` with a new `error` handle.
    public func streamError(_ error: StreamError, _ io: IOResources) throws -> ComponentValue {
        switch error {
        case .closed: return .variant(case: "closed", payload: nil)
        case .failed(let e):
            let h = try resources.push(IOErrorObject(e), type: io.error)
            return .variant(case: "last-operation-failed", payload: .own(h))
        case .failedWith(let cause):
            let h = try resources.push(IOErrorObject(.posix(5 /* EIO */), cause: cause), type: io.error)
            return .variant(case: "last-operation-failed", payload: .own(h))
        }
    }
}
