import ComponentModel
import WASIHost
import WASIIO

/// `wasi:cli/environment`: the guest's environment (looked up per call when the embedder
/// supplies a provider), arguments and initial working directory.
enum EnvironmentInterface {
    static func register(_ linker: ComponentLinker) throws(ComponentError) {
        let iface = "wasi:cli/environment@\(wasiVersion)"
        try linker.defineFunction("\(iface)#get-environment") { call in
            let session = try call.session()
            let pairs = try session.environmentProvider?() ?? session.context.environment
            return .value(.list(pairs.map { .tuple([.string($0.name), .string($0.value)]) }))
        }
        try linker.defineFunction("\(iface)#get-arguments") { call in
            .value(.list(try call.session().context.arguments.map { .string($0) }))
        }
        try linker.defineFunction("\(iface)#initial-cwd") { call in
            .value(.option(try call.session().context.workingDirectory.map { .string($0) }))
        }
    }
}
