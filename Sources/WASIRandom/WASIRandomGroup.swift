import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:random` host group: `random`, `insecure` and `insecure-seed` (0.2.x).
public let wasiRandomGroup = HostGroup(name: "wasi:random") { (linker: ComponentLinker) throws(ComponentError) in
    try RandomInterface.register(linker)
    try InsecureInterface.register(linker)
    try InsecureSeedInterface.register(linker)
}
