import ComponentBinary
import WasmBinary
import WasmInterpreter

/// The state of one lift or lower: the options, the component instance whose memory and handle
/// table are used, and the borrows lent during the call.
///
/// A lifted function keeps one between its calls (`LiftedCore`): ``endCall()`` returns it to a
/// new call's state. It holds the runtime unowned, since the runtime (through the store's
/// lowered imports and its component functions) holds the kept contexts; a context is only
/// used inside a call, which holds the runtime.
///
/// Its variables are `@exclusivity(unchecked)`: one call on one thread uses a context, and each
/// access is a plain read or write (an append to `lent`) that calls out to nothing, so no two
/// overlap; the dynamic checks cost a thread-local access-set lookup apiece.
final class CanonContext {
    unowned let runtime: ComponentRuntime
    let options: RuntimeCanonOptions
    let instance: ComponentInstanceState
    /// The options' memory; the view reads the memory's current base on every access, so it
    /// stays right across guest calls that grow it.
    @exclusivity(unchecked) private var cachedMemory: GuestMemory?
    /// Own handles of `instance` lent as borrows for the duration of the call.
    @exclusivity(unchecked) var lent: [UInt32] = []
    /// For a call into a lifted function: the scope the borrows given to the callee belong to
    /// (made by the first such borrow).
    @exclusivity(unchecked) var borrowScope: BorrowScope?
    /// Whether borrows lowered here belong to a scope (a call into a lifted function).
    @exclusivity(unchecked) var scopesBorrows = false
    /// Whether lifted values go to the host (the embedder or a host function) rather than to
    /// another component; only the wording of some traps differs (as in wasmtime).
    @exclusivity(unchecked) var liftsToHost = false
    /// Whether a call is using the context (see `LiftedCore.takeContext`).
    @exclusivity(unchecked) var inCall = false
    /// The array the last call's core arguments were lowered into, kept so the next call of a
    /// lifted function lowers into it without allocating.
    @exclusivity(unchecked) private var argumentStorage: [Value] = []
    /// What one lift may take (``ComponentRuntime/maxLiftedBytes``).
    let liftLimit: Int
    /// Bytes of host memory the lift under way may still take (see ``beginLift()``).
    @exclusivity(unchecked) private var liftBudget = 0

    init(runtime: ComponentRuntime, options: RuntimeCanonOptions, instance: ComponentInstanceState) {
        self.runtime = runtime
        self.options = options
        self.instance = instance
        liftLimit = runtime.maxLiftedBytes
    }

    /// Starts a lift (one call's arguments or results) with the whole budget.
    @inline(__always) func beginLift() { liftBudget = liftLimit }

    /// Takes `bytes` (0 or more, at most 2^40: a guest length times a value's size) from the
    /// lift's budget before they are allocated; traps when the budget has not that many left.
    @inline(__always) func chargeLift(_ bytes: Int) throws(TrapCode) {
        guard bytes <= liftBudget else { throw CanonTrap.liftTooLarge(limit: liftLimit) }
        liftBudget &-= bytes
    }

    var store: Store { runtime.store }

    /// The memory view (traps when the options have no memory).
    func memory() throws(TrapCode) -> GuestMemory {
        if let m = cachedMemory { return m }
        guard let address = options.memory else { throw CanonTrap.noMemory }
        let m = GuestMemory(store: store, address: address)
        cachedMemory = m
        return m
    }

    /// Calls `realloc(0, 0, alignment, size)` and checks the result.
    /// What an allocation holds (for the wording of its traps between components).
    enum Allocation {
        case list
        case string
        case values
    }

    func allocate(alignment: Int, size: Int, for what: Allocation = .values) throws(TrapCode) -> Int {
        guard let realloc = options.realloc else { throw CanonTrap.noRealloc }
        let args: [Value] = [.i32(0), .i32(0), .i32(UInt32(truncatingIfNeeded: alignment)), .i32(UInt32(truncatingIfNeeded: size))]
        instance.mayLeave = false
        defer { instance.mayLeave = true }
        let results = try store.invoke(realloc, args)
        guard case .i32(let p)? = results.first else { throw CanonTrap.trap("realloc returned no i32") }
        let ptr = Int(p)
        // Between components wasmtime reports the pointer check of the copy, from the host the
        // check of realloc's result; the traps are the same, only the words differ.
        guard ptr & (alignment - 1) == 0 else {
            throw liftsToHost ? CanonTrap.reallocUnaligned : CanonTrap.unaligned
        }
        let m = try memory()
        guard m.contains(ptr, size) else {
            if liftsToHost { throw CanonTrap.reallocBeyondEnd }
            switch what {
            case .list: throw CanonTrap.listOutOfBounds
            case .string: throw CanonTrap.stringOutOfBounds
            case .values: throw CanonTrap.pointerOutOfBounds
            }
        }
        return ptr
    }

    /// Returns the context to the state of a new call (no borrow scope, nothing lent, not
    /// scoping borrows, lifting to a component) and frees it for the next call. The memory view
    /// goes too: it holds the store, which must not be held by a context that waits between calls.
    func endCall() {
        cachedMemory = nil
        borrowScope = nil
        if !lent.isEmpty { lent.removeAll() }
        scopesBorrows = false
        liftsToHost = false
        inCall = false
    }

    /// The kept argument array, for a call's ``FlatWriter`` to overwrite; give it back with
    /// ``keepArguments(_:)``. The call that used it last has ended, so the array is no longer
    /// shared and is written in place.
    func takeArguments() -> [Value] {
        var taken: [Value] = []
        swap(&taken, &argumentStorage)
        return taken
    }

    /// Keeps a call's argument array for the next call.
    func keepArguments(_ arguments: [Value]) { argumentStorage = arguments }

    /// Gives back the lent borrows at the end of a call.
    func releaseLends() {
        for h in lent {
            instance.handles.update(h) { $0.lendCount -= 1 }
        }
        lent.removeAll()
    }
}

/// Collects lowered flat values as core values of the given types (a lifted function's
/// parameters, or a lowered import's results), without an array of raw bits in between. Values
/// beyond the types are counted but not kept (the caller checks the count where it matters).
struct FlatWriter {
    let types: [ValueType]
    private var storage: [Value] = []
    /// Where the values go instead of `storage`: a frame's slots (one each, see
    /// ``init(types:slots:)``).
    private let slots: UnsafeMutablePointer<UInt64>?
    /// How many flat values were written.
    private(set) var count = 0

    init(types: [ValueType]) {
        self.types = types
        slots = nil
        storage.reserveCapacity(types.count)
    }

    /// A writer that overwrites `storage` (a kept array, usually the last call's arguments of
    /// the same types) and appends past its end, reusing its space.
    init(types: [ValueType], storage: [Value]) {
        self.types = types
        self.storage = storage
        slots = nil
        if storage.count < types.count { self.storage.reserveCapacity(types.count) }
    }

    /// A writer into a frame's slots (a lowered import's results, written where the calling
    /// guest reads them): each value in one slot, as the interpreter keeps it (a 32-bit value
    /// in the low half, the high half zero). ``values`` is then empty.
    init(types: [ValueType], slots: UnsafeMutablePointer<UInt64>) {
        self.types = types
        self.slots = slots
    }

    @inline(__always) mutating func append(_ bits: UInt64) {
        if let slots {
            if count < types.count { slots[count] = Value(flatBits: bits, type: types[count]).flatBits }
        } else if count < storage.count {
            storage[count] = Value(flatBits: bits, type: types[count])
        } else if count < types.count {
            storage.append(Value(flatBits: bits, type: types[count]))
        }
        count &+= 1
    }

    /// The values written (at most one per type).
    var values: [Value] {
        let written = min(count, types.count)
        return written == storage.count ? storage : Array(storage.prefix(written))
    }
}

/// Reads flat core values (as raw bits) in order: a core function's results, or a lowered
/// import's arguments, read in place.
struct FlatReader {
    private let values: [Value]
    /// Where the values are instead of `values`: a frame's slots (see ``init(slots:count:wide:)``).
    private let slots: UnsafePointer<UInt64>?
    private let count: Int
    /// For slots: bit i set when value i is 64 bits wide (else only its low half is its value).
    private let wide: UInt64
    var position = 0

    init(_ values: [Value]) {
        self.values = values
        slots = nil
        count = values.count
        wide = 0
    }

    /// Reads `count` (at most 64) core values from a frame's slots, one slot each, valid
    /// during the call: what a lowered import receives. Bit i of `wide` says whether value i
    /// is an `i64` or `f64` (else its high half is not part of it and reads as zero, as from
    /// a ``Value``).
    init(slots: UnsafePointer<UInt64>, count: Int, wide: UInt64) {
        values = []
        self.slots = slots
        self.count = count
        self.wide = wide
    }

    mutating func next() throws(TrapCode) -> UInt64 {
        guard position < count else { throw CanonTrap.trap("canonical ABI: too few core values") }
        defer { position += 1 }
        if let slots {
            let bits = slots[position]
            return wide >> UInt64(position) & 1 != 0 ? bits : UInt64(UInt32(truncatingIfNeeded: bits))
        }
        return values[position].flatBits
    }

    mutating func nextI32() throws(TrapCode) -> UInt32 { UInt32(truncatingIfNeeded: try next()) }
}

extension Value {
    /// The raw bits of a number value (references give 0).
    var flatBits: UInt64 {
        switch self {
        case .i32(let v): return UInt64(v)
        case .i64(let v): return v
        case .f32(let v): return UInt64(v)
        case .f64(let v): return v
        default: return 0
        }
    }

    /// A value of core type `type` from raw bits.
    init(flatBits bits: UInt64, type: ValueType) {
        switch type {
        case .i64: self = .i64(bits)
        case .f32: self = .f32(UInt32(truncatingIfNeeded: bits))
        case .f64: self = .f64(bits)
        default: self = .i32(UInt32(truncatingIfNeeded: bits))
        }
    }
}

/// Canonical NaNs (the canonical ABI lifts and lowers every NaN as the canonical one).
enum CanonicalNaN {
    static let f32Bits: UInt32 = 0x7FC0_0000
    static let f64Bits: UInt64 = 0x7FF8_0000_0000_0000
    static func f32(_ bits: UInt32) -> Float {
        let f = Float(bitPattern: bits)
        return f.isNaN ? Float(bitPattern: f32Bits) : f
    }
    static func f64(_ bits: UInt64) -> Double {
        let d = Double(bitPattern: bits)
        return d.isNaN ? Double(bitPattern: f64Bits) : d
    }
    static func bits(_ f: Float) -> UInt32 { f.isNaN ? f32Bits : f.bitPattern }
    static func bits(_ d: Double) -> UInt64 { d.isNaN ? f64Bits : d.bitPattern }
}
