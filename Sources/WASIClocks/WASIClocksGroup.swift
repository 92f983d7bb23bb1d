import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:clocks` host group: `wasi:clocks/wall-clock` and `wasi:clocks/monotonic-clock` (0.2.x).
public let wasiClocksGroup = HostGroup(name: "wasi:clocks") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    try MonotonicClockInterface.register(linker, io)
    try WallClockInterface.register(linker)
}
