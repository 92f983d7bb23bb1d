import WasmBinary
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The storage of one table: references as slot values (0 = null, otherwise address + 1).
struct TableState {
    var elements: UnsafeMutablePointer<UInt64>
    var count: UInt64
    /// Allocated elements (at least `count`); grows geometrically so repeated `table.grow` is linear.
    var capacity: UInt64
    var maxCount: UInt64
    var is64: Bool
}

/// The bytes all tables (or all memories) of one store may take together
/// (`StoreConfiguration.maxTableBytes`, `maxMemoryBytes`). A table or memory that would go over
/// it is not created, and a grow past it returns -1.
final class TableBudget {
    let limit: Int
    private(set) var used = 0

    init(limit: Int) { self.limit = max(limit, 0) }

    /// Takes `bytes` from the budget; false (taking nothing) when they do not fit.
    func reserve(_ bytes: Int) -> Bool {
        guard bytes >= 0, bytes <= limit &- used else { return false }
        used += bytes
        return true
    }

    /// Gives back bytes taken with `reserve`.
    func release(_ bytes: Int) { used = max(used &- bytes, 0) }
}

/// Owns a `TableState` and its elements. The elements are allocated with `malloc`, so an
/// allocation the system refuses makes creation or `grow` fail instead of aborting the process.
final class TableBox {
    let state: UnsafeMutablePointer<TableState>
    let type: TableType
    /// The type id of the element type's concrete heap type, or -1 (import matching).
    var heapTypeID = -1
    private let budget: TableBudget

    /// Largest number of elements the interpreter will allocate for one table.
    static let hardLimit: UInt64 = 10_000_000

    /// A table of `type.limits.min` elements set to `initial`, or nil when it is larger than the
    /// hard limit, does not fit in `budget` or cannot be allocated.
    init?(type: TableType, initial: UInt64, budget: TableBudget) {
        let count = type.limits.min
        guard count <= TableBox.hardLimit else { return nil }
        let capacity = max(count, 1)
        let bytes = Int(capacity) * MemoryLayout<UInt64>.stride  // capacity ≤ hardLimit
        guard budget.reserve(bytes) else { return nil }
        guard let raw = malloc(bytes) else {
            budget.release(bytes)
            return nil
        }
        let specMax: UInt64 = type.limits.is64 ? UInt64.max : UInt64(UInt32.max)
        let maxCount = min(type.limits.max ?? specMax, specMax)
        self.type = type
        self.budget = budget
        let elements = raw.bindMemory(to: UInt64.self, capacity: Int(capacity))
        elements.initialize(repeating: initial, count: Int(capacity))
        state = UnsafeMutablePointer<TableState>.allocate(capacity: 1)
        state.initialize(to: TableState(
            elements: elements, count: count, capacity: capacity, maxCount: maxCount, is64: type.limits.is64))
    }

    deinit {
        budget.release(Int(state.pointee.capacity) * MemoryLayout<UInt64>.stride)
        free(state.pointee.elements)
        state.deallocate()
    }

    /// Grows by `delta` elements set to `value`; returns the old size, or nil if it cannot grow
    /// (past its maximum, the hard limit or the store's budget, or out of system memory).
    func grow(by delta: UInt64, value: UInt64) -> UInt64? {
        let old = state.pointee.count
        let (newCount, o) = old.addingReportingOverflow(delta)
        guard !o, newCount <= state.pointee.maxCount, newCount <= TableBox.hardLimit else { return nil }
        if delta == 0 { return old }
        if newCount > state.pointee.capacity {
            // Doubling keeps repeated grows linear; when the doubled size does not fit, the
            // exact size may still.
            let doubled = min(max(newCount, state.pointee.capacity * 2), TableBox.hardLimit)
            guard reallocate(to: doubled) || reallocate(to: newCount) else { return nil }
        }
        (state.pointee.elements + Int(old)).initialize(repeating: value, count: Int(delta))
        state.pointee.count = newCount
        return old
    }

    /// Moves the elements to a buffer of `capacity` elements; false when it cannot be had.
    private func reallocate(to capacity: UInt64) -> Bool {
        let stride = MemoryLayout<UInt64>.stride
        let oldBytes = Int(state.pointee.capacity) * stride
        let newBytes = Int(capacity) * stride  // capacity ≤ hardLimit
        guard budget.reserve(newBytes - oldBytes) else { return false }
        guard let raw = realloc(state.pointee.elements, newBytes) else {
            budget.release(newBytes - oldBytes)
            return false
        }
        state.pointee.elements = raw.bindMemory(to: UInt64.self, capacity: Int(capacity))
        state.pointee.capacity = capacity
        return true
    }
}
