#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmInterpreter

extension WASIPreview1 {
    /// `proc_exit(rval: exitcode)`: ends the run with this status (`TrapCode.exit`), which the
    /// CLI turns into its own exit code.
    func procExit(_ a: Arguments, _ memory: GuestMemory) throws(CallError) {
        throw .trap(.exit(Int32(bitPattern: a.u32(0))))
    }

    /// `proc_raise(sig: signal) -> errno`: not supported (`nosys`): a guest cannot signal its host.
    func procRaise(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        throw .nosys
    }

    /// `sched_yield() -> errno`: yields the host thread.
    func schedYield(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        _ = sched_yield()
    }
}
