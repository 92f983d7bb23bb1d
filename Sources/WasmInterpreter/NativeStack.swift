#if canImport(Glibc)
import Glibc
#endif

/// How much of the current thread's native stack is left, so an execution nested in a host
/// function (which runs on the native stack of the one that called it) can trap with
/// `call stack exhausted` instead of overflowing it. A frame larger than the guard page below
/// a stack (the run loop's is 125 KiB in unoptimised builds) would otherwise step over the
/// guard and write into whatever lies below, another thread's stack among them.
enum NativeStack {
    /// What a nested execution needs left: the run loop's frame and a host function's, with a
    /// wide margin (unoptimised builds' frames are about 250 times larger).
    static let headroom = _isDebugAssertConfiguration() ? 1 << 20 : 128 << 10

    /// Bytes between the current stack position and the lowest address of the thread's stack,
    /// or nil when the platform does not say where its stack ends.
    static func remaining() -> Int? {
        #if canImport(Glibc)
        guard let low = lowestAddress() else { return nil }
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return here > low ? Int(here - low) : 0
        #else
        return nil
        #endif
    }

    #if canImport(Glibc)
    /// A thread's lowest stack address, found once per thread and kept in thread-specific data.
    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, { free($0) }) == 0 ? key : nil
    }()

    /// glibc's `pthread_getattr_np`, which the Glibc module does not export (it is a GNU
    /// extension), looked up by name.
    private typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
    private static let getAttributes: GetAttributes? = dlsym(nil, "pthread_getattr_np").map {
        unsafeBitCast($0, to: GetAttributes.self)
    }

    private static func lowestAddress() -> UInt? {
        guard let key, let getAttributes else { return nil }
        if let known = pthread_getspecific(key) { return known.load(as: UInt.self) }
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        let low = UInt(bitPattern: address)
        if let box = malloc(MemoryLayout<UInt>.size) {
            box.storeBytes(of: low, as: UInt.self)
            if pthread_setspecific(key, box) != 0 { free(box) }
        }
        return low
    }
    #endif
}
