import ComponentModel
import WASIHost
import WasmBinary

/// The fast forms of the hottest output-stream methods (``ComponentFlatCall``): the guest's
/// buffer is written to the stream in place, and success is stored straight into its return
/// area. Anything else — an error to report, a write that has to wait — goes the general way.
enum StreamsFastForms {
    /// `(self, ptr, len, return-area)`: `write`, `blocking-write-and-flush`.
    static let writeType = FunctionType(parameters: [.i32, .i32, .i32, .i32], results: [])
    /// `(self, return-area)`: `check-write`.
    static let checkWriteType = FunctionType(parameters: [.i32, .i32], results: [])

    /// `result<_, stream-error>` is 4-aligned with its case in the first byte;
    /// `result<u64, stream-error>` is 8-aligned with the `u64` at offset 8.
    static func storeOK(_ call: ComponentFlatCall, at area: UInt32) throws -> ComponentFlatReply {
        try call.storeResult(0, bytes: 1, at: area, alignment: 4)
        return .core([])
    }

    static func failed(_ call: ComponentFlatCall, _ error: StreamError, _ io: IOResources) throws -> ComponentFlatReply {
        .general(.value(.err(try call.general.streamError(error, io))))
    }

    /// Writes the guest's bytes `[ptr, ptr+len)` to `s`; the stream's error if it fails.
    static func write(_ call: ComponentFlatCall, _ s: HostOutputStream) throws -> StreamError? {
        var failure: StreamError?
        try call.withGuestBytes(at: call.i32(1), count: call.i32(2)) { bytes in
            do throws(StreamError) { try s.write(bytes) } catch { failure = error }
        }
        return failure
    }

    /// `[method]output-stream.write`.
    static func write(_ io: IOResources) -> ComponentFlatHostFunction {
        { call in
            let o = try call.borrowed(0, io.outputStream, as: OutputStreamObject.self)
            try o.takePermit(Int(call.i32(2)))
            if let failure = try write(call, o.stream) { return try failed(call, failure, io) }
            return try storeOK(call, at: call.i32(3))
        }
    }

    /// `[method]output-stream.blocking-write-and-flush` when the stream takes all of it at once
    /// and has nothing left to flush from before; otherwise the general form (which waits).
    static func blockingWriteAndFlush(_ io: IOResources) -> ComponentFlatHostFunction {
        { call in
            let s = try call.borrowed(0, io.outputStream, as: OutputStreamObject.self).stream
            let count = Int(call.i32(2))
            guard count <= StreamsInterface.blockingWriteLimit else { return .notHandled }
            guard s.isFlushed, let room = try? s.checkWrite(), room >= count else { return .notHandled }
            if let failure = try write(call, s) { return try failed(call, failure, io) }
            do throws(StreamError) {
                try s.flush()
                if s.isFlushed { _ = try s.checkWrite() }  // reports a failure of the flush
            } catch {
                return try failed(call, error, io)
            }
            if !s.isFlushed {
                // Written but still draining: wait for the flush as blocking-flush does.
                return .general(try StreamsInterface.blockingWrite(call.general, s, [], io))
            }
            return try storeOK(call, at: call.i32(3))
        }
    }

    /// `[method]output-stream.check-write`.
    static func checkWrite(_ io: IOResources) -> ComponentFlatHostFunction {
        { call in
            let o = try call.borrowed(0, io.outputStream, as: OutputStreamObject.self)
            let room: Int
            do throws(StreamError) { room = try o.stream.checkWrite() } catch { return try failed(call, error, io) }
            o.permitted(room)
            let area = call.i32(1)
            try call.storeResult(0, bytes: 1, at: area, alignment: 8)
            try call.storeResult(UInt64(room), bytes: 8, at: area, field: 8, alignment: 8)
            return .core([])
        }
    }
}
