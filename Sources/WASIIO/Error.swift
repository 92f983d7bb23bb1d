import ComponentModel
import WASIHost

/// `wasi:io/error`: the `error` resource's `to-debug-string`.
enum ErrorInterface {
    static func register(_ linker: ComponentLinker, _ io: IOResources) throws(ComponentError) {
        let iface = "wasi:io/error@\(wasiVersion)"
        try linker.defineFunction("\(iface)#[method]error.to-debug-string") { call in
            let e = try call.resource(0, io.error, as: IOErrorObject.self)
            return .value(.string(e.text))
        }
    }
}
