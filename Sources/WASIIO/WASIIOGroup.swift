import ComponentModel
import WASIHost

/// The `wasi:io` host group: `wasi:io/error`, `wasi:io/poll` and `wasi:io/streams` (0.2.x).
public let wasiIOGroup = HostGroup(name: "wasi:io") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    try ErrorInterface.register(linker, io)
    try PollInterface.register(linker, io)
    try StreamsInterface.register(linker, io)
}
