import ComponentModel
import WASIHost

/// `wasi:io/streams`: every method of `input-stream` and `output-stream`. The blocking forms
/// suspend the guest until the stream is ready (never a thread).
enum StreamsInterface {
    /// `blocking-write-and-flush` and `blocking-write-zeroes-and-flush` take at most this many
    /// bytes per call (the WIT's contract; wasmtime traps above it too).
    static let blockingWriteLimit = 4096

    static func register(_ linker: ComponentLinker, _ io: IOResources) throws(ComponentError) {
        let iface = "wasi:io/streams@\(wasiVersion)"
        func input(_ call: ComponentHostCall) throws -> HostInputStream {
            try call.resource(0, io.inputStream, as: InputStreamObject.self).stream
        }
        func output(_ call: ComponentHostCall) throws -> HostOutputStream { try outputObject(call).stream }
        func outputObject(_ call: ComponentHostCall) throws -> OutputStreamObject {
            try call.resource(0, io.outputStream, as: OutputStreamObject.self)
        }
        /// `result<T, stream-error>` from a stream operation.
        func result(_ call: ComponentHostCall, _ body: () throws(StreamError) -> ComponentValue?) throws -> ComponentValue {
            do throws(StreamError) {
                return .ok(try body())
            } catch {
                return .err(try call.streamError(error, io))
            }
        }
        func length(_ call: ComponentHostCall) throws -> Int { Int(min(try call.u64(1), UInt64(Int32.max))) }

        // input-stream
        try linker.defineFunction("\(iface)#[method]input-stream.read") { call in
            let s = try input(call), n = try length(call)
            return .value(try result(call) { () throws(StreamError) in .bytes(try s.read(n)) })
        }
        try linker.defineFunction("\(iface)#[method]input-stream.blocking-read") { call in
            let s = try input(call), n = try length(call)
            return try call.waiting(for: { s.readiness() }) {
                do throws(StreamError) {
                    let bytes = try s.read(n)
                    if bytes.isEmpty && n > 0 { return nil }
                    return .some(.ok(.bytes(bytes)))
                } catch {
                    return .some(.err(try call.streamError(error, io)))
                }
            }
        }
        try linker.defineFunction("\(iface)#[method]input-stream.skip") { call in
            let s = try input(call), n = try length(call)
            return .value(try result(call) { () throws(StreamError) in .u64(UInt64(try s.skip(n))) })
        }
        try linker.defineFunction("\(iface)#[method]input-stream.blocking-skip") { call in
            let s = try input(call), n = try length(call)
            return try call.waiting(for: { s.readiness() }) {
                do throws(StreamError) {
                    let skipped = try s.skip(n)
                    if skipped == 0 && n > 0 { return nil }
                    return .some(.ok(.u64(UInt64(skipped))))
                } catch {
                    return .some(.err(try call.streamError(error, io)))
                }
            }
        }
        try linker.defineFunction("\(iface)#[method]input-stream.subscribe") { call in
            let s = try input(call)
            return .value(try call.newPollable(s.readiness(), io, parent: try call.argument(0)))
        }

        // output-stream
        try linker.defineFunction(
            "\(iface)#[method]output-stream.check-write", coreType: StreamsFastForms.checkWriteType, flat: StreamsFastForms.checkWrite(io)
        ) { call in
            let o = try outputObject(call)
            return .value(try result(call) { () throws(StreamError) in
                let room = try o.stream.checkWrite()
                o.permitted(room)
                return .u64(UInt64(room))
            })
        }
        try linker.defineFunction(
            "\(iface)#[method]output-stream.write", coreType: StreamsFastForms.writeType, flat: StreamsFastForms.write(io)
        ) { call in
            let o = try outputObject(call), bytes = try call.bytes(1)
            try o.takePermit(bytes.count)
            return .value(try result(call) { () throws(StreamError) in
                try writeAll(o.stream, bytes[...])
                return nil
            })
        }
        try linker.defineFunction("\(iface)#[method]output-stream.flush") { call in
            let s = try output(call)
            return .value(try result(call) { () throws(StreamError) in try s.flush(); return nil })
        }
        try linker.defineFunction("\(iface)#[method]output-stream.blocking-flush") { call in
            let s = try output(call)
            return try blockingWrite(call, s, [], io)
        }
        try linker.defineFunction(
            "\(iface)#[method]output-stream.blocking-write-and-flush", coreType: StreamsFastForms.writeType,
            flat: StreamsFastForms.blockingWriteAndFlush(io)
        ) { call in
            let s = try output(call), bytes = try call.bytes(1)
            guard bytes.count <= blockingWriteLimit else {
                throw HostArgumentError("Buffer too large for blocking-write-and-flush (expected at most \(blockingWriteLimit))")
            }
            return try blockingWrite(call, s, bytes, io)
        }
        try linker.defineFunction("\(iface)#[method]output-stream.subscribe") { call in
            let s = try output(call)
            return .value(try call.newPollable(s.readiness(), io, parent: try call.argument(0)))
        }
        try linker.defineFunction("\(iface)#[method]output-stream.write-zeroes") { call in
            let o = try outputObject(call), n = try length(call)
            try o.takePermit(n)
            return .value(try result(call) { () throws(StreamError) in
                try writeZeroes(o.stream, n)
                return nil
            })
        }
        try linker.defineFunction("\(iface)#[method]output-stream.blocking-write-zeroes-and-flush") { call in
            let s = try output(call), n = try length(call)
            guard n <= blockingWriteLimit else {
                throw HostArgumentError("Buffer too large for blocking-write-zeroes-and-flush (expected at most \(blockingWriteLimit))")
            }
            return try blockingWrite(call, s, [UInt8](repeating: 0, count: n), io)
        }
        try linker.defineFunction("\(iface)#[method]output-stream.splice") { call in
            let s = try output(call), n = try length(call)
            let source = try call.resource(1, io.inputStream, as: InputStreamObject.self).stream
            return .value(try result(call) { () throws(StreamError) in
                let room = try s.checkWrite()
                let bytes = try source.read(min(n, room))
                try writeAll(s, bytes[...])
                return .u64(UInt64(bytes.count))
            })
        }
        try linker.defineFunction("\(iface)#[method]output-stream.blocking-splice") { call in
            let s = try output(call), n = try length(call)
            let source = try call.resource(1, io.inputStream, as: InputStreamObject.self).stream
            return try call.waiting(for: { ReadinessOfBoth(source.readiness(), s.readiness()) }) {
                do throws(StreamError) {
                    let room = try s.checkWrite()
                    if room == 0 && n > 0 { return nil }
                    let bytes = try source.read(min(n, room))
                    if bytes.isEmpty && n > 0 { return nil }
                    try writeAll(s, bytes[...])
                    return .some(.ok(.u64(UInt64(bytes.count))))
                } catch {
                    return .some(.err(try call.streamError(error, io)))
                }
            }
        }
    }

    /// Writes `bytes` as room allows, then flushes, waiting on the stream whenever it is full.
    static func blockingWrite(_ call: ComponentHostCall, _ s: HostOutputStream, _ bytes: [UInt8], _ io: IOResources) throws -> ComponentHostReply {
        var offset = 0
        var flushed = false
        /// The result once everything is written and flushed; nil while the stream is full or
        /// still flushing.
        func step() throws -> ComponentValue?? {
            do throws(StreamError) {
                while offset < bytes.count {
                    let room = try s.checkWrite()
                    if room == 0 { return nil }
                    let n = min(room, bytes.count - offset)
                    try writeAll(s, bytes[offset..<(offset + n)])
                    offset += n
                }
                if !flushed {
                    try s.flush()
                    flushed = true
                }
                if !s.isFlushed { return nil }
                _ = try s.checkWrite()  // reports a failure of the flush
                return .some(.ok())
            } catch {
                return .some(.err(try call.streamError(error, io)))
            }
        }
        return try call.waiting(for: { s.readiness() }, step)
    }
}

/// Writes `count` zero bytes to `s`, 64 KiB at a time (a stream that writes through may be
/// asked for gigabytes: they are never allocated at once).
func writeZeroes(_ s: HostOutputStream, _ count: Int) throws(StreamError) {
    let chunk = [UInt8](repeating: 0, count: min(count, 64 * 1024))
    var left = count
    while left > 0 {
        let n = min(left, chunk.count)
        try writeAll(s, chunk[..<n])
        left &-= n
    }
}

/// Writes `bytes` to `s` (within what `check-write` allowed).
func writeAll(_ s: HostOutputStream, _ bytes: ArraySlice<UInt8>) throws(StreamError) {
    var failure: StreamError?
    bytes.withUnsafeBytes { b in
        do throws(StreamError) { try s.write(b) } catch { failure = error }
    }
    if let failure { throw failure }
}

/// Ready when both pollables are (a splice needs data and room); waits on whichever is not
/// ready yet.
final class ReadinessOfBoth: HostPollable {
    let a: HostPollable
    let b: HostPollable
    init(_ a: HostPollable, _ b: HostPollable) {
        self.a = a
        self.b = b
    }
    func isReady() -> Bool { a.isReady() && b.isReady() }
    func whenReady(on dispatcher: Dispatcher, _ wake: @escaping () -> Void) -> DispatcherToken {
        if !a.isReady() { return a.whenReady(on: dispatcher, wake) }
        return b.whenReady(on: dispatcher, wake)
    }
}
