/// A table of host objects addressed by small integers (WASI descriptors, resource handles):
/// a new entry takes the lowest free number at or above `firstHandle`.
public struct HandleTable<Element> {
    private var slots: [Element?] = []
    private var free: Int = 0
    /// The lowest number `insert` hands out.
    public let firstHandle: Int

    /// Creates an empty table whose new entries get numbers from `firstHandle` up.
    public init(firstHandle: Int = 0) { self.firstHandle = firstHandle }

    /// The entry with this number, if any.
    public subscript(handle: Int) -> Element? {
        get { handle >= 0 && handle < slots.count ? slots[handle] : nil }
    }

    /// Stores `element` under the lowest free number; returns it.
    public mutating func insert(_ element: Element) -> Int {
        var index = max(free, firstHandle)
        while index < slots.count && slots[index] != nil { index += 1 }
        put(element, at: index)
        free = index + 1
        return index
    }

    /// Stores `element` under `handle`, replacing what was there. A negative handle is ignored.
    /// Callers pass handles that exist already or small fixed ones, so the table never grows
    /// by more than one step at a time.
    public mutating func put(_ element: Element, at handle: Int) {
        guard handle >= 0 else { return }
        while slots.count <= handle { slots.append(nil) }
        slots[handle] = element
    }

    /// Removes and returns the entry with this number.
    @discardableResult
    public mutating func remove(_ handle: Int) -> Element? {
        guard handle >= 0, handle < slots.count, let element = slots[handle] else { return nil }
        slots[handle] = nil
        if handle < free { free = handle }
        while let last = slots.last, last == nil { slots.removeLast() }
        return element
    }

    /// The numbers in use, ascending.
    public var handles: [Int] { slots.indices.filter { slots[$0] != nil } }

    /// Every entry, for closing them all.
    public var elements: [Element] { slots.compactMap { $0 } }
}
