import ComponentModel
import WASIHost
import WASIIO

/// `wasi:cli/stdin`, `wasi:cli/stdout`, `wasi:cli/stderr`: the session's standard streams (the
/// process's in a CLI run, the embedder's buffers in a library call). Every call returns a new
/// handle to the same stream.
enum StdioInterfaces {
    static func register(_ linker: ComponentLinker, _ io: IOResources) throws(ComponentError) {
        try linker.defineFunction("wasi:cli/stdin@\(wasiVersion)#get-stdin") { call in
            .value(try call.newInputStream(try call.session().standardInput, io))
        }
        try linker.defineFunction("wasi:cli/stdout@\(wasiVersion)#get-stdout") { call in
            .value(try call.newOutputStream(try call.session().standardOutput, io))
        }
        try linker.defineFunction("wasi:cli/stderr@\(wasiVersion)#get-stderr") { call in
            .value(try call.newOutputStream(try call.session().standardError, io))
        }
    }
}
