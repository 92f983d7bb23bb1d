import ComponentModel
import WASIHost
import WASIIO

/// `wasi:clocks/monotonic-clock`: `now`, `resolution`, and pollables that are ready at an
/// instant or after a duration (timers on the guest's dispatcher: a sleeping guest holds no
/// thread).
enum MonotonicClockInterface {
    static func register(_ linker: ComponentLinker, _ io: IOResources) throws(ComponentError) {
        let iface = "wasi:clocks/monotonic-clock@\(wasiVersion)"
        try linker.defineFunction("\(iface)#now") { _ in .value(.u64(Dispatcher.now())) }
        try linker.defineFunction("\(iface)#resolution") { _ in
            .value(.u64((try? HostClock.monotonic.resolution()) ?? 1))
        }
        try linker.defineFunction("\(iface)#subscribe-instant") { call in
            .value(try call.newPollable(DeadlinePollable(deadline: try call.u64(0)), io))
        }
        try linker.defineFunction("\(iface)#subscribe-duration") { call in
            let (deadline, overflow) = Dispatcher.now().addingReportingOverflow(try call.u64(0))
            return .value(try call.newPollable(DeadlinePollable(deadline: overflow ? UInt64.max : deadline), io))
        }
    }
}
