#if canImport(Glibc)
import Glibc
#endif

extension ThreadedHandlers {
    /// `memory.fill` and `memory.copy` on memory 0, the form compilers give `memset` and
    /// `memcpy` of a size not known at compile time. They run in the handler chain on the base
    /// and size the chain already holds. Another memory and an access out of bounds (the switch
    /// throws its trap) go to the switch, which runs the instruction in `Execution.executeBulk`;
    /// nothing is written before the bounds are known to hold, so it starts from the beginning.
    static func installBulk(_ t: UnsafeMutablePointer<ThreadedHandler>) {
        t[Int(ThreadedOp.memoryFill.rawValue)] = { pc, fp, st, tbl, mb in
            guard pc.high32(0) == 0 else { return handBack(pc, fp, st) }
            let d = fp[pc.low32(1)], n = fp[pc.low32(2)]
            guard inBounds(d, n, st.pointee.memorySize) else { return handBack(pc, fp, st) }
            if n > 0 {
                memset(mb.advanced(by: Int(truncatingIfNeeded: d)), Int32(truncatingIfNeeded: UInt8(truncatingIfNeeded: fp[pc.high32(1)])),
                       Int(truncatingIfNeeded: n))
            }
            dispatchThreaded(pc + 3, fp, st, tbl, mb)
        }
        t[Int(ThreadedOp.memoryCopy.rawValue)] = { pc, fp, st, tbl, mb in
            guard pc[3] == 0 else { return handBack(pc, fp, st) }
            let d = fp[pc.low32(1)], s = fp[pc.high32(1)], n = fp[pc.low32(2)]
            let size = st.pointee.memorySize
            guard inBounds(d, n, size), inBounds(s, n, size) else { return handBack(pc, fp, st) }
            if n > 0 {
                memmove(mb.advanced(by: Int(truncatingIfNeeded: d)), mb.advanced(by: Int(truncatingIfNeeded: s)), Int(truncatingIfNeeded: n))
            }
            dispatchThreaded(pc + 4, fp, st, tbl, mb)
        }
    }
}
