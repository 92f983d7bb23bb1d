#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmSpecTest

/// The version `--version` prints.
let wippyWasmVersion = "0.1.0-dev"

/// Prints to stderr.
func printError(_ message: String) {
    Console.printError(message)
}

let status: Int32
switch ArgumentParser.parse(Array(CommandLine.arguments.dropFirst())) {
case .failure(let error):
    printError("wippy-wasm: \(error.message) (see `wippy-wasm --help`)")
    status = ExitStatus.usage
case .success(.help):
    print(ArgumentParser.usage)
    status = 0
case .success(.version):
    print("wippy-wasm \(wippyWasmVersion)")
    status = 0
case .success(.spectest(let paths, let options)):
    status = SpecTestRunner.run(paths: paths, options: options)
case .success(.validate(let files, let bench)):
    status = bench ? ValidateCommand.bench(files: files) : ValidateCommand.run(files: files)
case .success(.run(let options)):
    status = RunCommand.run(options)
case .success(.serve(let options, let address)):
    status = ServeCommand.run(options, address: address)
case .success(.wasiTestsuite(let paths, let verbose)):
    status = WASITestSuiteCommand.run(paths: paths, verbose: verbose)
case .success(.inspect(let files)):
    status = InspectCommand.run(files: files)
case .success(.notImplemented(let command)):
    printError("wippy-wasm: \(command) is not yet implemented")
    status = 2
}
Console.flush()
exit(status)
