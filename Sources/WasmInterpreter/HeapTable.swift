/// A growable table of plain values that its owner frees (`deallocate`): the GC heap's objects,
/// their free flags and its free indices. Reading or writing an entry is one memory access,
/// where a Swift array checks its buffer's uniqueness before every write (an allocation wrote
/// three arrays, a sweep two per freed object: about 4% of a GC-heavy program's instructions).
///
/// Entries are read and written without a bounds check (`assert` only): every caller checks the
/// index against `count` first, as it did with the arrays, whose check would have crashed the
/// process anyway. `Element` must be a trivial type (no references), as the heap's are.
struct HeapTable<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init() {
        capacity = 64
        base = .allocate(capacity: capacity)
    }

    /// A table of `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        capacity = max(count, 64)
        base = .allocate(capacity: capacity)
        base.initialize(repeating: value, count: max(count, 0))
        self.count = max(count, 0)
    }

    /// Entry `i` (`0 <= i < count`).
    subscript(i: Int) -> Element {
        @inline(__always) get {
            assert(i >= 0 && i < count, "heap table index out of range")
            return base[i]
        }
        @inline(__always) nonmutating set {
            assert(i >= 0 && i < count, "heap table index out of range")
            base[i] = newValue
        }
    }

    /// The last entry, if any.
    var last: Element? { count > 0 ? base[count &- 1] : nil }

    /// Adds an entry at the end, doubling the storage when it is full.
    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count &+= 1
    }

    /// Removes and returns the last entry, if any.
    @inline(__always)
    mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count &-= 1
        return (base + count).move()
    }

    /// Removes every entry (keeping the storage).
    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Drops the entries from `newCount` on (`0 <= newCount <= count`), as `popLast` would one
    /// by one (for the GC heap's free indices, which the threaded allocations pop through
    /// `GCAllocationView`).
    mutating func truncate(to newCount: Int) {
        guard newCount >= 0, newCount < count else { return }
        (base + newCount).deinitialize(count: count &- newCount)
        count = newCount
    }

    /// Frees the storage; the table must not be used after.
    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
