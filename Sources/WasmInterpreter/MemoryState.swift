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
    /// log2 of the page size: 16 (64 KiB), or 0 for the custom-page-sizes proposal's
    /// one-byte pages.
    var pageSizeLog2: UInt64 = 16

    /// The smallest reservation (and the default page size).
    static let pageSize: UInt64 = 65536

    /// Current size in pages.
    var pageCount: UInt64 { byteCount >> pageSizeLog2 }
}

/// Owns a `MemoryState` and its bytes; freed with the store.
///
/// The bytes live in address space reserved up front with `mmap(PROT_NONE, MAP_NORESERVE)` for
/// the memory's maximum size (at most ``hardLimitBytes``): the current size is made readable and
/// writable with `mprotect`, and the kernel commits a page only when the guest first touches it.
/// So a memory allowed to reach 4 GiB costs what it uses, and `memory.grow` never copies (its
/// base stays put). When the system refuses a large reservation, a smaller one is taken and a
/// grow past it moves the memory to a larger one (the only case that copies).
final class MemoryBox {
    let state: UnsafeMutablePointer<MemoryState>
    let type: MemoryType
    /// Bytes of address space reserved at `state.pointee.base`.
    private var reserved: Int
    /// What the store's memories may still take.
    private let budget: TableBudget?

    /// Largest size the interpreter will allocate for one memory (bytes).
    static let hardLimitBytes: UInt64 = 1 << 33

    init?(type: MemoryType, budget: TableBudget? = nil) {
        let pages = type.limits.min
        let log2 = UInt64(type.pageSizeLog2)
        guard log2 == 0 || log2 == 16 else { return nil }
        let specMax = type.addressablePages
        let maxPages = min(type.limits.max ?? specMax, specMax)
        guard pages <= maxPages || type.limits.max == nil, pages <= specMax else { return nil }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: 1 << log2)
        guard !overflow, bytes <= MemoryBox.hardLimitBytes else { return nil }
        if let budget, !budget.reserve(Int(bytes)) { return nil }
        let (maxBytes, maxOverflow) = maxPages.multipliedReportingOverflow(by: 1 << log2)
        let wanted = Int(maxOverflow ? MemoryBox.hardLimitBytes : min(maxBytes, MemoryBox.hardLimitBytes))
        // The full reservation, or (refused) just what the memory needs now.
        guard let (base, size) = Self.reserve(max(wanted, Int(bytes)), accessible: Int(bytes))
                ?? Self.reserve(Int(bytes), accessible: Int(bytes)) else {
            budget?.release(Int(bytes))
            return nil
        }
        self.type = type
        self.budget = budget
        reserved = size
        state = UnsafeMutablePointer<MemoryState>.allocate(capacity: 1)
        state.initialize(to: MemoryState(base: base, byteCount: bytes, maxPages: maxPages, is64: type.limits.is64,
                                         pageSizeLog2: log2))
    }

    deinit {
        munmap(state.pointee.base, reserved)
        budget?.release(Int(state.pointee.byteCount))
        state.deallocate()
    }

    /// The system's page size (the unit of `mprotect`).
    static let systemPageSize: Int = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)

    /// Reserves `size` bytes of address space (at least one page, so the base is never null)
    /// with the first `accessible` bytes readable and writable; nil when refused.
    static func reserve(_ size: Int, accessible: Int) -> (UnsafeMutableRawPointer, Int)? {
        let length = max(size, Int(MemoryState.pageSize))
        let raw = mmap(nil, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let base = raw, base != UnsafeMutableRawPointer(bitPattern: -1) else { return nil }
        if accessible > 0 && mprotect(base, accessible, PROT_READ | PROT_WRITE) != 0 {
            munmap(base, length)
            return nil
        }
        return (base, length)
    }

    /// Grows by `delta` pages; returns the old size in pages, or nil if it cannot grow.
    func grow(by delta: UInt64) -> UInt64? {
        let old = state.pointee.pageCount
        let (newPages, o1) = old.addingReportingOverflow(delta)
        guard !o1, newPages <= state.pointee.maxPages else { return nil }
        let (newBytes, o2) = newPages.multipliedReportingOverflow(by: 1 << state.pointee.pageSizeLog2)
        guard !o2, newBytes <= MemoryBox.hardLimitBytes else { return nil }
        if delta == 0 { return old }
        let oldBytes = state.pointee.byteCount
        let added = Int(newBytes - oldBytes)
        if let budget, !budget.reserve(added) { return nil }
        if Int(newBytes) <= reserved {
            // In place: the new pages were never touched, so they read as zero. With one-byte
            // pages the old end may fall inside a system page that is already accessible (its
            // bytes past the old size were never in bounds, so they are still zero): protection
            // changes start at the next system page boundary.
            let systemPage = Self.systemPageSize
            let from = (Int(oldBytes) + systemPage - 1) / systemPage * systemPage
            if Int(newBytes) > from,
               mprotect(state.pointee.base + from, Int(newBytes) - from, PROT_READ | PROT_WRITE) != 0 {
                budget?.release(added)
                return nil
            }
        } else {
            // Past a reservation the system cut short: move to a larger one.
            let wanted = max(Int(newBytes), min(reserved * 2, Int(MemoryBox.hardLimitBytes)))
            guard let (base, size) = Self.reserve(wanted, accessible: Int(newBytes))
                    ?? Self.reserve(Int(newBytes), accessible: Int(newBytes)) else {
                budget?.release(added)
                return nil
            }
            base.copyMemory(from: state.pointee.base, byteCount: Int(oldBytes))
            munmap(state.pointee.base, reserved)
            state.pointee.base = base
            reserved = size
        }
        state.pointee.byteCount = newBytes
        return old
    }
}

/// Owns the two slots of a global (v128 uses both).
final class GlobalBox {
    let slots: UnsafeMutablePointer<UInt64>
    let type: GlobalType
    /// The type id of the value type's concrete heap type, or -1 (import matching).
    var heapTypeID = -1

    init(type: GlobalType) {
        self.type = type
        slots = UnsafeMutablePointer<UInt64>.allocate(capacity: 2)
        slots.initialize(repeating: 0, count: 2)
    }

    deinit { slots.deallocate() }
}
