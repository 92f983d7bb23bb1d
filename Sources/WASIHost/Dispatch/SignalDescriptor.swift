#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Process signals (SIGINT, SIGTERM, ...) as a readable descriptor the dispatcher can watch:
/// the signals are blocked for the calling thread (and threads it starts later) and delivered
/// through `signalfd`, looked up with `dlsym` like the epoll functions. No signal handler runs
/// Swift code.
public final class SignalDescriptor {
    /// The descriptor; readable when one of the signals arrived.
    public let fd: Int32

    typealias SignalFD = @convention(c) (Int32, UnsafePointer<sigset_t>?, Int32) -> Int32

    /// Blocks `signals` and opens a descriptor for them; nil when the C library has no
    /// `signalfd`.
    public init?(signals: [Int32]) {
        guard let lib = dlopen(nil, RTLD_NOW), let symbol = dlsym(lib, "signalfd") else { return nil }
        let signalfd = unsafeBitCast(symbol, to: SignalFD.self)
        var set = sigset_t()
        sigemptyset(&set)
        for s in signals {
            sigaddset(&set, s)
            // An ignored signal is discarded, not queued (a shell starts background jobs with
            // SIGINT ignored): take it back to the default, which blocking then defers to us.
            signal(s, SIG_DFL)
        }
        guard pthread_sigmask(SIG_BLOCK, &set, nil) == 0 else { return nil }
        let fd = signalfd(-1, &set, O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Calls `received` on the dispatcher's thread each time one of the signals arrives.
    public func watch(on dispatcher: Dispatcher, _ received: @escaping () -> Void) {
        _ = dispatcher.watch(fd, write: false) { [weak self] in
            guard let self else { return }
            // One `struct signalfd_siginfo` (128 bytes) per pending signal.
            var info = [UInt8](repeating: 0, count: 128)
            while info.withUnsafeMutableBytes({ read(self.fd, $0.baseAddress, 128) }) == 128 {}
            received()
            self.watch(on: dispatcher, received)
        }
    }
}
