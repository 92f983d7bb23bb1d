#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A thread of the operating system (a POSIX thread) running a Swift closure.
///
/// ``start(_:)`` returns the thread for the caller to wait for with ``join()``; ``detach(_:)``
/// starts one that nobody waits for. Either way the thread holds its body (and what the body
/// captures) until the body returns, then releases it.
///
/// A `NativeThread` cannot be copied, so it is joined at most once. One dropped without a
/// ``join()`` is detached: its thread runs on, and its resources go back to the system when it
/// ends.
package struct NativeThread: ~Copyable {
    private let handle: pthread_t

    private init(handle: pthread_t) {
        self.handle = handle
    }

    deinit {
        pthread_detach(handle)
    }

    /// Starts a thread running `body`, to be waited for with ``join()``.
    ///
    /// - Throws: ``ThreadStartError`` when the system starts no thread (a limit on threads or
    ///   memory); `body` is then released without having run.
    package static func start(_ body: @escaping @Sendable () -> Void) throws(ThreadStartError) -> NativeThread {
        NativeThread(handle: try spawn(body))
    }

    /// Starts a thread running `body` that nobody waits for (its resources go back to the
    /// system when `body` returns).
    ///
    /// - Throws: ``ThreadStartError`` when the system starts no thread; `body` is then released
    ///   without having run.
    package static func detach(_ body: @escaping @Sendable () -> Void) throws(ThreadStartError) {
        pthread_detach(try spawn(body))
    }

    /// Waits until the thread's body has returned (and has been released).
    package consuming func join() {
        pthread_join(handle, nil)
        discard self
    }

    /// Starts a joinable thread running `body`: the body travels to the thread as a retained
    /// ``ThreadBody`` which the thread takes back, or which is released here when no thread starts.
    private static func spawn(_ body: @escaping @Sendable () -> Void) throws(ThreadStartError) -> pthread_t {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { argument in
            guard let argument else { return nil }
            Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue().body()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            throw ThreadStartError(code: status)
        }
        return handle
    }
}

/// A thread's body, boxed to pass through `pthread_create`'s one pointer argument.
private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }
}
