/// One `try_table` catch clause in translated code.
struct ExceptionHandler {
    /// First code word covered (inclusive) and the end (exclusive), as word offsets.
    var start: Int
    var end: Int
    /// 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref.
    var kind: UInt8
    /// Store address of the caught tag (unused for catch_all kinds).
    var tag: Int
    /// Word offset of the branch target.
    var target: Int
    /// First slot the payload (and exnref) is written to.
    var destination: Int
}

/// The threaded code of one function, kept by its instance's `DefinedFunctions`.
final class CompiledCode {
    let code: UnsafeMutablePointer<UInt64>
    let count: Int
    /// Handlers, innermost first.
    let handlers: [ExceptionHandler]

    init(words: [UInt64], handlers: [ExceptionHandler]) {
        count = words.count
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: max(words.count, 1))
        words.withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { buffer.initialize(from: base, count: words.count) }
        }
        code = buffer
        self.handlers = handlers
    }

    deinit { code.deallocate() }
}
