#if canImport(Glibc)
import Glibc
#endif
import WasmBinary

/// Whether `[start, start + count)` lies within `size` (no overflow whatever the operands).
@inline(__always) func inBounds(_ start: UInt64, _ count: UInt64, _ size: UInt64) -> Bool {
    start <= size && size &- start >= count
}

extension Execution {
    /// Bulk memory and table instructions (rare enough to run outside the main loop).
    /// Returns the next pc.
    func executeBulk(
        _ instruction: ThreadedOp, pc: UnsafeMutablePointer<UInt64>, fp: UnsafeMutablePointer<UInt64>, instance: Instance
    ) throws(TrapCode) -> UnsafeMutablePointer<UInt64> {
        let w0 = pc[0]
        let high = Int(truncatingIfNeeded: w0 >> 32)
        @inline(__always) func lo(_ w: UInt64) -> Int { Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: w)) }
        @inline(__always) func hi(_ w: UInt64) -> Int { Int(truncatingIfNeeded: w >> 32) }
        switch instruction {
        case .atomic:
            return try executeAtomic(pc: pc, fp: fp, instance: instance)
        case .releaseCaught:
            releaseCaught(fp[high])
            return pc + 1
        case .memoryFill:
            let mem = store.memories[instance.memoryAddresses[high]].state
            let w1 = pc[1]
            let d = fp[lo(w1)], value = UInt8(truncatingIfNeeded: fp[hi(w1)]), n = fp[Int(truncatingIfNeeded: pc[2])]
            guard inBounds(d, n, mem.pointee.byteCount) else { throw TrapCode.outOfBoundsMemoryAccess }
            if n > 0 { memset(mem.pointee.base.advanced(by: Int(d)), Int32(value), Int(n)) }
            return pc + 3
        case .memoryCopy:
            let w1 = pc[1], w3 = pc[3]
            let dst = store.memories[instance.memoryAddresses[lo(w3)]].state
            let src = store.memories[instance.memoryAddresses[hi(w3)]].state
            let d = fp[lo(w1)], s = fp[hi(w1)], n = fp[Int(truncatingIfNeeded: pc[2])]
            guard inBounds(s, n, src.pointee.byteCount), inBounds(d, n, dst.pointee.byteCount) else {
                throw TrapCode.outOfBoundsMemoryAccess
            }
            if n > 0 {
                memmove(dst.pointee.base.advanced(by: Int(d)), src.pointee.base.advanced(by: Int(s)), Int(n))
            }
            return pc + 4
        case .memoryInit:
            let w1 = pc[1], w2 = pc[2]
            let mem = store.memories[instance.memoryAddresses[hi(w2)]].state
            let segment = instance.module.module.data[high]
            let length = instance.droppedData[high] ? 0 : UInt64(segment.bytes.count)
            let d = fp[lo(w1)], s = fp[hi(w1)], n = fp[lo(w2)]
            guard inBounds(s, n, length), inBounds(d, n, mem.pointee.byteCount) else {
                throw TrapCode.outOfBoundsMemoryAccess
            }
            if n > 0 {
                instance.module.module.bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress {
                        mem.pointee.base.advanced(by: Int(d))
                            .copyMemory(from: base.advanced(by: segment.bytes.lowerBound + Int(s)), byteCount: Int(n))
                    }
                }
            }
            return pc + 3
        case .dataDrop:
            instance.droppedData[high] = true
            return pc + 1
        case .tableGet:
            let table = store.tables[instance.tableAddresses[Int(truncatingIfNeeded: pc[1])]].state
            let i = fp[high]
            guard i < table.pointee.count else { throw TrapCode.outOfBoundsTableAccess }
            fp[high] = table.pointee.elements[Int(i)]
            return pc + 2
        case .tableSet:
            let table = store.tables[instance.tableAddresses[high]].state
            let w1 = pc[1]
            let i = fp[lo(w1)]
            guard i < table.pointee.count else { throw TrapCode.outOfBoundsTableAccess }
            table.pointee.elements[Int(i)] = fp[hi(w1)]
            return pc + 2
        case .tableSize:
            let table = store.tables[instance.tableAddresses[Int(truncatingIfNeeded: pc[1])]].state
            fp[high] = table.pointee.count
            return pc + 2
        case .tableGrow:
            let box = store.tables[instance.tableAddresses[Int(truncatingIfNeeded: pc[2])]]
            let w1 = pc[1]
            let initial = fp[lo(w1)], n = fp[hi(w1)]
            if let old = box.grow(by: n, value: initial) {
                fp[high] = old
            } else {
                fp[high] = box.state.pointee.is64 ? UInt64.max : UInt64(UInt32.max)
            }
            return pc + 3
        case .tableFill:
            let table = store.tables[instance.tableAddresses[high]].state
            let w1 = pc[1]
            let i = fp[lo(w1)], value = fp[hi(w1)], n = fp[Int(truncatingIfNeeded: pc[2])]
            guard inBounds(i, n, table.pointee.count) else { throw TrapCode.outOfBoundsTableAccess }
            if n > 0 { (table.pointee.elements + Int(i)).update(repeating: value, count: Int(n)) }
            return pc + 3
        case .tableCopy:
            let w1 = pc[1], w3 = pc[3]
            let dst = store.tables[instance.tableAddresses[lo(w3)]].state
            let src = store.tables[instance.tableAddresses[hi(w3)]].state
            let d = fp[lo(w1)], s = fp[hi(w1)], n = fp[Int(truncatingIfNeeded: pc[2])]
            guard inBounds(s, n, src.pointee.count), inBounds(d, n, dst.pointee.count) else {
                throw TrapCode.outOfBoundsTableAccess
            }
            if n > 0 {
                memmove(dst.pointee.elements + Int(d), src.pointee.elements + Int(s), Int(n) * 8)
            }
            return pc + 4
        case .tableInit:
            let w1 = pc[1], w2 = pc[2]
            let table = store.tables[instance.tableAddresses[hi(w2)]].state
            let items = instance.elementSegments[high]
            let d = fp[lo(w1)], s = fp[hi(w1)], n = fp[lo(w2)]
            guard inBounds(s, n, UInt64(items.count)), inBounds(d, n, table.pointee.count) else {
                throw TrapCode.outOfBoundsTableAccess
            }
            for k in 0..<Int(n) { table.pointee.elements[Int(d) + k] = items[Int(s) + k] }
            return pc + 3
        case .elemDrop:
            instance.elementSegments[high] = []
            return pc + 1
        default:
            throw TrapCode.hostTrap("not a bulk instruction")
        }
    }

    /// A legacy catch section that held the exception `ref` (an `exnref` slot: index + 1) ended
    /// normally: when no other section holds it and no `catch_ref` ever handed it out, nothing
    /// can name it again, and its entry is reused. (A section left by a branch, a return or an
    /// exception does not release what it held: the collector frees it once nothing reaches it.)
    func releaseCaught(_ ref: UInt64) {
        let index = Int(truncatingIfNeeded: ref &- 1)  // -1 for a null ref
        guard store.isLiveException(index) else { return }
        store.exceptions[index].legacyHolders &-= 1
        if store.exceptions[index].legacyHolders == 0 && !store.exceptions[index].exposed {
            store.freeException(index)
        }
    }

    /// Finds the handler for a thrown exception, unwinding frames. Returns where to continue.
    ///
    /// A frame's handlers are searched innermost first. A legacy `delegate` whose range holds
    /// the exception's position sends the search on from the handlers of the block it names
    /// (its `target`, a later index), or to the caller.
    func unwind(
        exception: Int, pc: UnsafeMutablePointer<UInt64>, fp: UnsafeMutablePointer<UInt64>, function: Int,
        mayFree: Bool
    ) throws(TrapCode) -> (pc: UnsafeMutablePointer<UInt64>, fp: UnsafeMutablePointer<UInt64>, function: Int) {
        var searchPC = pc
        var frameFP = fp
        var current = function
        guard store.isLiveException(exception) else { throw TrapCode.uncaughtException }
        let object = store.exceptions[exception]
        while true {
            if let compiled = store.functions[current].compiled {
                let offset = searchPC - compiled.code
                let handlers = compiled.handlers
                var i = 0
                while i < handlers.count {
                    let h = handlers[i]
                    i += 1
                    guard h.start <= offset && offset < h.end else { continue }
                    if h.kind == ExceptionHandler.delegate {
                        guard h.target >= 0 else { break }  // to the caller
                        i = max(i, h.target)
                        continue
                    }
                    let isAll = h.kind == 2 || h.kind == 3 || h.kind == ExceptionHandler.legacyCatchAll
                    guard isAll || h.tag == object.tag else { continue }
                    var slot = h.destination
                    if h.kind >= ExceptionHandler.legacyCatch {
                        // Kept below the payload for `rethrow`, until the section ends
                        // (`releaseCaught`).
                        frameFP[slot] = UInt64(exception) + 1
                        slot += 1
                        store.exceptions[exception].legacyHolders &+= 1
                    }
                    if !isAll {
                        for v in object.payload {
                            frameFP[slot] = v
                            slot += 1
                        }
                    }
                    if h.kind == 1 || h.kind == 3 {
                        store.exceptions[exception].exposed = true
                        frameFP[slot] = UInt64(exception) + 1
                    } else if mayFree && h.kind < ExceptionHandler.legacyCatch {
                        // Nothing refers to a freshly thrown exception caught without `_ref`.
                        store.freeException(exception)
                    }
                    if h.target < 0 {
                        return (store.retStub, frameFP, current)
                    }
                    return (compiled.code + h.target, frameFP, current)
                }
            }
            guard frameCount > 0 else { throw TrapCode.uncaughtException }
            frameCount -= 1
            let frame = frames[frameCount]
            searchPC = frame.returnPC - 1
            frameFP = stack + frame.fpOffset
            current = frame.function
        }
    }
}
