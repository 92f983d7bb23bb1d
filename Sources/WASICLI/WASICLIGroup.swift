import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:cli` host group: registers its WASI 0.2 interfaces into a linker.
public let wasiCLIGroup = HostGroup(name: "wasi:cli") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    _ = io
}
