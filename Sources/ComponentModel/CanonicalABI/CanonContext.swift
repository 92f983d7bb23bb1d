import ComponentBinary
import WasmBinary
import WasmInterpreter

/// The state of one lift or lower: the options, the component instance whose memory and handle
/// table are used, and the borrows lent during the call.
final class CanonContext {
    let runtime: ComponentRuntime
    let options: RuntimeCanonOptions
    let instance: ComponentInstanceState
    /// The options' memory; the view reads the memory's current base on every access, so it
    /// stays right across guest calls that grow it.
    private var cachedMemory: GuestMemory?
    /// Own handles of `instance` lent as borrows for the duration of the call.
    var lent: [UInt32] = []
    /// For a call into a lifted function: the scope the borrows given to the callee belong to
    /// (made by the first such borrow).
    var borrowScope: BorrowScope?
    /// Whether borrows lowered here belong to a scope (a call into a lifted function).
    var scopesBorrows = false
    /// Whether lifted values go to the host (the embedder or a host function) rather than to
    /// another component; only the wording of some traps differs (as in wasmtime).
    var liftsToHost = false

    init(runtime: ComponentRuntime, options: RuntimeCanonOptions, instance: ComponentInstanceState) {
        self.runtime = runtime
        self.options = options
        self.instance = instance
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

    /// Gives back the lent borrows at the end of a call.
    func releaseLends() {
        for h in lent {
            instance.handles.update(h) { $0.lendCount -= 1 }
        }
        lent.removeAll()
    }
}

/// Reads flat core values (as raw bits) in order: a core function's results, or a lowered
/// import's arguments, read in place.
struct FlatReader {
    let values: [Value]
    var position = 0

    init(_ values: [Value]) { self.values = values }

    mutating func next() throws(TrapCode) -> UInt64 {
        guard position < values.count else { throw CanonTrap.trap("canonical ABI: too few core values") }
        defer { position += 1 }
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
