import ComponentModel
import WasmInterpreter
import WASIIO

/// `wasi:cli/exit`: ends the guest's call with a status (`exit(ok)` 0, `exit(err)` 1,
/// `exit-with-code(n)` n). The call unwinds as `TrapCode.exit`, which runners turn into the
/// process's exit status.
enum ExitInterface {
    static func register(_ linker: ComponentLinker) throws(ComponentError) {
        let iface = "wasi:cli/exit@\(wasiVersion)"
        try linker.defineFunction("\(iface)#exit") { call in
            guard case .result(let ok, _) = try call.argument(0) else { throw HostArgumentError("exit: expected a result") }
            throw TrapCode.exit(ok ? 0 : 1)
        }
        try linker.defineFunction("\(iface)#exit-with-code") { call in
            guard case .u8(let code) = try call.argument(0) else { throw HostArgumentError("exit-with-code: expected a u8") }
            throw TrapCode.exit(Int32(code))
        }
    }
}
