/// One `try_table` catch clause, legacy catch section or legacy `delegate` in translated code.
struct ExceptionHandler {
    /// First code word covered (inclusive) and the end (exclusive), as word offsets.
    var start: Int
    var end: Int
    /// 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref; legacy: 4 catch, 5 catch_all (both
    /// write the exnref first, then the payload), 6 delegate.
    var kind: UInt8
    /// Store address of the caught tag (unused for catch_all kinds).
    var tag: Int
    /// Word offset of the branch target (-1: return from the function). For a delegate, the
    /// index of the first handler the search goes on with (-1: the caller's handlers).
    var target: Int
    /// First slot the payload (and exnref) is written to.
    var destination: Int

    static let legacyCatch: UInt8 = 4
    static let legacyCatchAll: UInt8 = 5
    static let delegate: UInt8 = 6
}

/// The threaded code of one function, kept by its instance's `DefinedFunctions`: either its
/// own copy of a ``CodeTemplate``'s words with the instance's values linked in, or, for the
/// instance whose translation became the template, the template's words themselves.
final class CompiledCode {
    let code: UnsafeMutablePointer<UInt64>
    let count: Int
    /// Handlers, innermost first.
    let handlers: [ExceptionHandler]
    /// The template whose words `code` points into (kept alive here), nil when `code` is owned.
    private let sharedFrom: CodeTemplate?

    /// A copy of `words` (`count` of them), owned.
    init(copying words: UnsafePointer<UInt64>, count: Int, handlers: [ExceptionHandler]) {
        self.count = count
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: max(count, 1))
        buffer.initialize(from: words, count: count)
        code = buffer
        self.handlers = handlers
        sharedFrom = nil
    }

    /// The words of `template`, not copied (they are this instance's: it made the template).
    init(sharing template: CodeTemplate, handlers: [ExceptionHandler]) {
        count = template.count
        code = template.words
        self.handlers = handlers
        sharedFrom = template
    }

    deinit {
        if sharedFrom == nil { code.deallocate() }
    }
}
