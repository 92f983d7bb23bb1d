import WasmBinary
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The storage of one linear memory. Its address never changes, so threaded code and instances
/// refer to it by pointer; `base` moves when the memory grows.
struct MemoryState {
    /// First byte of the memory (never null, even for an empty memory).
    var base: UnsafeMutableRawPointer
    /// Current size in bytes.
    var byteCount: UInt64
    /// Maximum size in pages the memory may grow to.
    var maxPages: UInt64
    /// Whether addresses are i64.
    var is64: Bool

    static let pageSize: UInt64 = 65536

    /// Current size in pages.
    var pageCount: UInt64 { byteCount / MemoryState.pageSize }
}

/// Owns a `MemoryState` and its bytes; freed with the store.
final class MemoryBox {
    let state: UnsafeMutablePointer<MemoryState>
    let type: MemoryType

    /// Largest size the interpreter will allocate for one memory (bytes).
    static let hardLimitBytes: UInt64 = 1 << 33

    init?(type: MemoryType) {
        let pages = type.limits.min
        let specMax: UInt64 = type.limits.is64 ? (1 << 48) : 65536
        let maxPages = min(type.limits.max ?? specMax, specMax)
        guard pages <= maxPages || type.limits.max == nil, pages <= specMax else { return nil }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: MemoryState.pageSize)
        guard !overflow, bytes <= MemoryBox.hardLimitBytes else { return nil }
        guard let base = calloc(Int(max(bytes, 8)), 1) else { return nil }
        self.type = type
        state = UnsafeMutablePointer<MemoryState>.allocate(capacity: 1)
        state.initialize(to: MemoryState(base: base, byteCount: bytes, maxPages: maxPages, is64: type.limits.is64))
    }

    deinit {
        free(state.pointee.base)
        state.deallocate()
    }

    /// Grows by `delta` pages; returns the old size in pages, or nil if it cannot grow.
    func grow(by delta: UInt64) -> UInt64? {
        let old = state.pointee.pageCount
        let (newPages, o1) = old.addingReportingOverflow(delta)
        guard !o1, newPages <= state.pointee.maxPages else { return nil }
        let (newBytes, o2) = newPages.multipliedReportingOverflow(by: MemoryState.pageSize)
        guard !o2, newBytes <= MemoryBox.hardLimitBytes else { return nil }
        if delta == 0 { return old }
        guard let newBase = realloc(state.pointee.base, Int(max(newBytes, 8))) else { return nil }
        let oldBytes = state.pointee.byteCount
        memset(newBase.advanced(by: Int(oldBytes)), 0, Int(newBytes - oldBytes))
        state.pointee.base = newBase
        state.pointee.byteCount = newBytes
        return old
    }
}

/// Owns the two slots of a global (v128 uses both).
final class GlobalBox {
    let slots: UnsafeMutablePointer<UInt64>
    let type: GlobalType

    init(type: GlobalType) {
        self.type = type
        slots = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
        slots.initialize(repeating: 0, count: 2)
    }

    deinit { slots.deallocate() }
}
