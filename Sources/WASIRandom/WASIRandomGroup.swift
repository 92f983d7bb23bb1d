import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:random` host group: registers its WASI 0.2 interfaces into a linker.
public let wasiRandomGroup = HostGroup(name: "wasi:random") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    _ = io
}
