import ComponentModel
import WASIHost
import WASIIO

/// `wasi:clocks/wall-clock`: `now` and `resolution` as `datetime` records.
enum WallClockInterface {
    static func datetime(_ ns: UInt64) -> ComponentValue {
        .record([("seconds", .u64(ns / 1_000_000_000)), ("nanoseconds", .u32(UInt32(ns % 1_000_000_000)))])
    }

    static func register(_ linker: ComponentLinker) throws(ComponentError) {
        let iface = "wasi:clocks/wall-clock@\(wasiVersion)"
        try linker.defineFunction("\(iface)#now") { _ in
            .value(datetime(try HostClock.realtime.now()))
        }
        try linker.defineFunction("\(iface)#resolution") { _ in
            .value(datetime((try? HostClock.realtime.resolution()) ?? 1))
        }
    }
}
