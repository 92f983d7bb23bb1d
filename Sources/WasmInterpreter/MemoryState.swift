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

/// The storage of one table: references as slot values (0 = null, otherwise address + 1).
struct TableState {
    var elements: UnsafeMutablePointer<UInt64>
    var count: UInt64
    /// Allocated elements (at least `count`); grows geometrically so repeated `table.grow` is linear.
    var capacity: UInt64
    var maxCount: UInt64
    var is64: Bool
}

/// Owns a `TableState` and its elements.
final class TableBox {
    let state: UnsafeMutablePointer<TableState>
    let type: TableType

    /// Largest number of elements the interpreter will allocate for one table.
    static let hardLimit: UInt64 = 10_000_000

    init?(type: TableType, initial: UInt64) {
        let count = type.limits.min
        guard count <= TableBox.hardLimit else { return nil }
        let specMax: UInt64 = type.limits.is64 ? UInt64.max : UInt64(UInt32.max)
        let maxCount = min(type.limits.max ?? specMax, specMax)
        self.type = type
        let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(max(count, 1)))
        elements.initialize(repeating: initial, count: Int(max(count, 1)))
        state = UnsafeMutablePointer<TableState>.allocate(capacity: 1)
        state.initialize(to: TableState(
            elements: elements, count: count, capacity: max(count, 1), maxCount: maxCount, is64: type.limits.is64))
    }

    deinit {
        state.pointee.elements.deallocate()
        state.deallocate()
    }

    /// Grows by `delta` elements set to `value`; returns the old size, or nil if it cannot grow.
    func grow(by delta: UInt64, value: UInt64) -> UInt64? {
        let old = state.pointee.count
        let (newCount, o) = old.addingReportingOverflow(delta)
        guard !o, newCount <= state.pointee.maxCount, newCount <= TableBox.hardLimit else { return nil }
        if delta == 0 { return old }
        if newCount > state.pointee.capacity {
            let capacity = min(max(newCount, state.pointee.capacity * 2), max(newCount, TableBox.hardLimit))
            let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(capacity))
            elements.initialize(from: state.pointee.elements, count: Int(old))
            state.pointee.elements.deallocate()
            state.pointee.elements = elements
            state.pointee.capacity = capacity
        }
        (state.pointee.elements + Int(old)).initialize(repeating: value, count: Int(delta))
        state.pointee.count = newCount
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
