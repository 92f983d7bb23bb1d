/// The system started no thread: `pthread_create` failed with ``code`` (`EAGAIN`: a limit on
/// threads or on memory was reached).
package struct ThreadStartError: Error, Equatable, CustomStringConvertible {
    /// The error number `pthread_create` returned.
    package let code: Int32

    /// Wraps `pthread_create`'s error number `code`.
    package init(code: Int32) {
        self.code = code
    }

    package var description: String { "cannot start a thread (error \(code))" }
}
