import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:clocks` host group: registers its WASI 0.2 interfaces into a linker.
public let wasiClocksGroup = HostGroup(name: "wasi:clocks") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    _ = io
}
