import ComponentBinary
import WasmInterpreter

/// The borrows lent to one call of a lifted function: they must all be dropped before it returns.
final class BorrowScope {
    var outstanding = 0
}

/// One slot of a component instance's handle table.
struct HandleEntry {
    var type: ResourceID
    var rep: UInt32
    var own: Bool
    /// How many borrows of this own handle are lent out to calls in progress.
    var lendCount = 0
    /// For a borrow handle: the call it was lent to.
    var scope: BorrowScope?
}

/// A component instance's table of resource handles (the canonical ABI's `ResourceTable`).
///
/// Index 0 is never used, so a guest's 0 is always an invalid handle. Freed slots are reused.
struct ResourceHandleTable {
    private var entries: [HandleEntry?] = [nil]
    private var free: [Int] = []
    /// The largest number of handles a table may hold.
    static let maxHandles = 1 << 28

    /// The number of live handles.
    private(set) var liveCount = 0

    mutating func add(_ entry: HandleEntry) throws(TrapCode) -> UInt32 {
        let index: Int
        if let reused = free.popLast() {
            index = reused
            entries[index] = entry
        } else {
            guard entries.count < Self.maxHandles else { throw CanonTrap.trap("resource handle table is full") }
            index = entries.count
            entries.append(entry)
        }
        liveCount += 1
        return UInt32(truncatingIfNeeded: index)
    }

    func get(_ handle: UInt32) throws(TrapCode) -> HandleEntry {
        let i = Int(handle)
        guard i > 0, i < entries.count, let e = entries[i] else { throw CanonTrap.unknownHandle(handle) }
        return e
    }

    mutating func update(_ handle: UInt32, _ body: (inout HandleEntry) -> Void) {
        let i = Int(handle)
        guard i > 0, i < entries.count, var e = entries[i] else { return }
        body(&e)
        entries[i] = e
    }

    mutating func remove(_ handle: UInt32) throws(TrapCode) -> HandleEntry {
        let e = try get(handle)
        entries[Int(handle)] = nil
        free.append(Int(handle))
        liveCount -= 1
        return e
    }
}
