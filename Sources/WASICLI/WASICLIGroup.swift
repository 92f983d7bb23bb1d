import ComponentModel
import WASIHost
import WASIIO

/// The `wasi:cli` host group: environment, exit, stdin/stdout/stderr and the terminal
/// interfaces (0.2.x). A command's `wasi:cli/run` export is the guest's; ``WASICommand`` runs it.
public let wasiCLIGroup = HostGroup(name: "wasi:cli") { (linker: ComponentLinker) throws(ComponentError) in
    let io = try IOResources(linker)
    try EnvironmentInterface.register(linker)
    try ExitInterface.register(linker)
    try StdioInterfaces.register(linker, io)
    try TerminalInterfaces.register(linker)
}
