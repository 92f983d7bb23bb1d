import WASIHost

extension WASIPreview1 {
    /// The host clock for a WASI `clockid` (`realtime`, `monotonic`, `process_cputime_id`,
    /// `thread_cputime_id`), or `inval`.
    static func clock(_ id: UInt32) throws(Errno) -> HostClock {
        switch id {
        case 0: return .realtime
        case 1: return .monotonic
        case 2: return .processCPUTime
        case 3: return .threadCPUTime
        default: throw .inval
        }
    }

    /// `clock_res_get(id: clockid) -> (timestamp)`: the clock's resolution in nanoseconds.
    func clockResGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let clock = try Self.clock(a.u32(0))
        let resolution: UInt64
        do { resolution = try clock.resolution() } catch { throw Errno(error) }
        try memory.store64(a.u32(1), resolution)
    }

    /// `clock_time_get(id: clockid, precision: timestamp) -> (timestamp)`: the clock's time in
    /// nanoseconds (the precision hint is ignored).
    func clockTimeGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let clock = try Self.clock(a.u32(0))
        let now: UInt64
        do { now = try clock.now() } catch { throw Errno(error) }
        try memory.store64(a.u32(2), now)
    }
}
