import WasmBinary

/// A host function that reads its arguments from the calling frame's slots and writes its
/// results into them, without the two `[Value]` arrays a ``HostFunctionBody`` call makes (for
/// this package's own hosts, whose every call would otherwise allocate them).
///
/// The pointer is the first argument's slot. Each value takes the slots it takes in a frame:
/// one 64-bit slot per number (an `i32` or `f32` in its low half, the high half zero when
/// written by the host), two per `v128`. The results go in the same slots, from the first
/// (results may overwrite the arguments). Returns true when the call suspends, as
/// ``HostOutcome/suspend``: then nothing is written, and the results come with the resumption.
package typealias SlotHostFunctionBody = (HostContext, UnsafeMutablePointer<UInt64>) throws(TrapCode) -> Bool

extension Store {
    /// Adds a host function given in slot form. Calls from WebAssembly code use it directly;
    /// calls with values (``invoke(_:_:)`` of the function itself) go through the same body,
    /// with the values put into slots of their own.
    package func addHostFunction(type: FunctionType, name: String, slots: @escaping SlotHostFunctionBody) -> FunctionAddress {
        let general: HostFunctionBody = { context, values throws(TrapCode) -> HostOutcome in
            try Self.callInSlots(slots, type: type, context, values)
        }
        let host = HostFunction(type: type, name: name, body: general, slots: slots)
        return FunctionAddress(index: addFunction(.host(host), type: type, context: nil))
    }

    /// Runs `slots` over a buffer holding `values`, then reads the results from it.
    private static func callInSlots(_ slots: SlotHostFunctionBody, type: FunctionType, _ context: HostContext,
                                    _ values: [Value]) throws(TrapCode) -> HostOutcome {
        guard values.count == type.parameters.count else {
            throw TrapCode.hostTrap("\(values.count) arguments for \(type.parameters.count) parameters")
        }
        let count = max(1, slotCount(type.parameters), slotCount(type.results))
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        buffer.initialize(repeating: 0, count: count)
        defer { buffer.deallocate() }
        writeValues(values, type.parameters, to: buffer)
        if try slots(context, buffer) { return .suspend }
        return .values(readValues(type.results, from: buffer, heap: context.store.gcHeap))
    }

    /// Checks a host function's results against its declared types (their count, and each
    /// value's type) and writes them into consecutive slots from `slots`; traps naming the
    /// function `name` when they do not match.
    package func writeHostResults(_ values: [Value], of name: String, types: [ValueType],
                                  to slots: UnsafeMutablePointer<UInt64>) throws(TrapCode) {
        guard values.count == types.count else {
            throw TrapCode.hostTrap("host function \(name) returned \(values.count) results, expected \(types.count)")
        }
        for i in values.indices where !accepts(values[i], types[i]) {
            throw TrapCode.hostTrap("host function \(name) returned a wrong result type")
        }
        writeValues(values, types, to: slots)
    }
}
