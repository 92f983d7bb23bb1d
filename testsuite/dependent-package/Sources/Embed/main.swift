// Runs an export of a core module through the library API and prints its i32 result as
// `wippy-wasm run --invoke` does. Imports are host functions that trap when called.
import Foundation
import WasmBinary
import WasmInterpreter
import WasmValidation

let arguments = CommandLine.arguments
guard arguments.count == 4, let argument = Int32(arguments[3]),
      let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: Embed MODULE.wasm EXPORT I32-ARGUMENT\n".utf8))
    exit(2)
}
do {
    let validated = try validateModule(try decodeModule([UInt8](data)))
    let store = Store()
    var provided: [String: ExternalValue] = [:]
    for item in validated.module.imports {
        guard case .function(let typeIndex) = item.descriptor,
              Int(typeIndex) < validated.module.types.count else { continue }
        let name = item.module + "." + item.name
        let function = store.addHostFunction(type: validated.module.types[Int(typeIndex)], name: name) {
            _, _ throws(TrapCode) in throw TrapCode.hostTrap("not provided: \(name)")
        }
        provided[name] = .function(function)
    }
    let instance = try store.instantiate(validated) { provided[$0 + "." + $1] }
    guard let export = instance.exportedFunction(arguments[2]) else {
        FileHandle.standardError.write(Data("no exported function \(arguments[2])\n".utf8))
        exit(1)
    }
    let results = try store.invoke(export, [.i32(UInt32(bitPattern: argument))])
    guard results.count == 1, case .i32(let value) = results[0] else {
        FileHandle.standardError.write(Data("expected one i32 result, got \(results)\n".utf8))
        exit(1)
    }
    print(Int32(bitPattern: value))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
