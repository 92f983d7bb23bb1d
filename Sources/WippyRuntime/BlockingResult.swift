#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A value set once from any thread and waited for on another (a POSIX semaphore).
final class BlockingResult<Value: Sendable>: @unchecked Sendable {
    private let value = Mutex<Value?>(nil)
    private let semaphore: UnsafeMutablePointer<sem_t>

    init() {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    func set(_ result: Value) {
        value.withLock { $0 = result }
        sem_post(semaphore)
    }

    func wait() -> Value {
        while true {
            if sem_wait(semaphore) == 0, let result = value.withLock({ $0 }) { return result }
        }
    }
}
