/// A stack of the validator (operand types, locals, control frames) in one buffer that only
/// grows and is reused from function to function.
///
/// An `Array` checks uniqueness on every mutation and bounds on every access; the validator
/// checks every pop against the current frame's height itself (`height <= count` always holds)
/// and every index against the count, so this stack does neither. The buffer belongs to a
/// `ScratchBuffer` object that frees it; a copy of the stack shares the buffer, so a stack has
/// one user (its `FunctionValidator`, itself never copied while in use).
struct ScratchStack<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    /// Elements the buffer holds before it must grow.
    private(set) var capacity: Int
    private let owner: ScratchBuffer<Element>
    /// When set, every slot of the buffer no push has written holds this value: slots past the
    /// count when the buffer is made or grows, and those `blank(upTo:)` clears.
    private let blankValue: Element?

    init(capacity: Int = 256, blank: Element? = nil) {
        self.capacity = capacity
        owner = ScratchBuffer(capacity: capacity)
        base = owner.base
        blankValue = blank
        if let blank { base.initialize(repeating: blank, count: capacity) }
    }

    /// Sets the first `n` slots of the buffer (`n <= capacity`) back to the blank value.
    mutating func blank(upTo n: Int) {
        if let blankValue { base.update(repeating: blankValue, count: n) }
    }

    /// Pushes an element.
    @inline(__always)
    mutating func append(_ t: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = t
        count += 1
    }

    /// Pushes `n` elements copied from `source`.
    @inline(__always)
    mutating func append(_ source: UnsafePointer<Element>, count n: Int) {
        if capacity - count < n { grow(to: count + n) }
        (base + count).update(from: source, count: n)
        count += n
    }

    /// Pushes `n` copies of `t`.
    mutating func append(_ t: Element, count n: Int) {
        if capacity - count < n { grow(to: count + n) }
        (base + count).initialize(repeating: t, count: n)
        count += n
    }

    /// Pops the top element; the caller has checked that the stack is not empty.
    @inline(__always) @discardableResult
    mutating func removeLast() -> Element {
        assert(count > 0)
        count -= 1
        return base[count]
    }

    /// Pops `n` elements; the caller has checked that there are that many.
    @inline(__always)
    mutating func removeLast(_ n: Int) {
        assert(n >= 0 && n <= count)
        count -= n
    }

    /// Sets the number of elements after the caller wrote them through `base`; the caller has
    /// checked `0 <= n <= capacity`.
    @inline(__always)
    mutating func setCount(_ n: Int) {
        assert(n >= 0 && n <= capacity)
        count = n
    }

    /// Makes room for at least `n` elements.
    mutating func reserve(_ n: Int) {
        if n > capacity { grow(to: n) }
    }

    /// Empties the stack, keeping its buffer.
    mutating func removeAll() { count = 0 }

    /// Whether the stack is empty.
    var isEmpty: Bool { count == 0 }

    /// The top element, or nil when the stack is empty.
    var last: Element? { count > 0 ? base[count - 1] : nil }

    /// The top element; the caller has checked that the stack is not empty.
    @inline(__always)
    var top: Element {
        get {
            assert(count > 0)
            return base[count - 1]
        }
        set {
            assert(count > 0)
            base[count - 1] = newValue
        }
    }

    /// The element at position `i` (0 = the bottom); the caller has checked `0 <= i < count`.
    @inline(__always)
    subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count)
            return base[i]
        }
        set {
            assert(i >= 0 && i < count)
            base[i] = newValue
        }
    }

    @inline(never)
    private mutating func grow(to minimum: Int) {
        let newCapacity = max(minimum, capacity * 2)
        owner.grow(to: newCapacity, keeping: count)
        base = owner.base
        if let blankValue { (base + count).initialize(repeating: blankValue, count: newCapacity - count) }
        capacity = newCapacity
    }
}

/// The buffer of a `ScratchStack`, freed with this object.
final class ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
    }

    /// Moves the first `count` elements to a new buffer of `capacity` elements.
    func grow(to capacity: Int, keeping count: Int) {
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
    }

    deinit { base.deallocate() }
}
