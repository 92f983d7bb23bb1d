import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:filesystem` host group: registers its WASI 0.2 interfaces into a linker.
public let wasiFilesystemGroup = HostGroup(name: "wasi:filesystem") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    _ = io
}
