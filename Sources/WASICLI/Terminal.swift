#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ComponentModel
import WASIHost
import WASIIO

/// `wasi:cli/terminal-input`, `terminal-output`, `terminal-stdin`, `terminal-stdout`,
/// `terminal-stderr`: a standard stream is a terminal when it is the process's own descriptor
/// and `isatty` says so (as wasmtime); buffers and null streams never are.
enum TerminalInterfaces {
    final class Terminal {}

    static func register(_ linker: ComponentLinker) throws(ComponentError) {
        let input = try linker.resourceType("wasi:cli/terminal-input@\(wasiVersion)#terminal-input")
        let output = try linker.resourceType("wasi:cli/terminal-output@\(wasiVersion)#terminal-output")
        func terminal(_ call: ComponentHostCall, _ stream: WASIStream, _ type: ResourceID) throws -> ComponentValue {
            guard case .host(let fd) = stream, isatty(fd) != 0 else { return .option(nil) }
            return .option(.own(try call.resources.push(Terminal(), type: type)))
        }
        try linker.defineFunction("wasi:cli/terminal-stdin@\(wasiVersion)#get-terminal-stdin") { call in
            .value(try terminal(call, try call.session().context.standardInput, input))
        }
        try linker.defineFunction("wasi:cli/terminal-stdout@\(wasiVersion)#get-terminal-stdout") { call in
            .value(try terminal(call, try call.session().context.standardOutput, output))
        }
        try linker.defineFunction("wasi:cli/terminal-stderr@\(wasiVersion)#get-terminal-stderr") { call in
            .value(try terminal(call, try call.session().context.standardError, output))
        }
    }
}
