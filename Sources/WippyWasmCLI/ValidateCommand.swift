import ComponentModel
import WasmBinary
import WasmText
import WasmValidation

/// `wippy-wasm validate FILE.wasm...`: decode and validate each module or component (a
/// component's embedded core modules included).
enum ValidateCommand {
    /// Prints `FILE: valid` or `FILE: <error with byte offset>` per file; 0 if all are valid, else 1.
    static func run(files: [String]) -> Int32 {
        var status: Int32 = 0
        for file in files {
            let bytes: [UInt8]
            let sourceMap: WATSourceMap?
            do {
                (bytes, sourceMap) = try ModuleInput.load(file)
            } catch {
                print(error.message)
                status = 1
                continue
            }
            if InspectCommand.isComponent(bytes) {
                do {
                    _ = try LoadedComponent(bytes: bytes)
                    print("\(file): valid component")
                } catch {
                    print("\(file): \(error.kind == .decode ? "malformed" : "invalid"): \(error)")
                    status = 1
                }
                continue
            }
            let module: Module
            do {
                module = try decodeModule(bytes)
            } catch {
                print("\(file): malformed: \(error)")
                status = 1
                continue
            }
            do {
                _ = try validateModule(module)
                print("\(file): valid")
            } catch let error as DecodeError {
                print("\(file): malformed: \(error)")
                status = 1
            } catch {
                print(ModuleInput.invalid(file, error, sourceMap))
                status = 1
            }
        }
        return status
    }
}
