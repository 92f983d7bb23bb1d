import ComponentModel
import WASIHost
import WASIIO

/// The most bytes one `get-*random-bytes` call returns (a larger request traps, as a guest
/// asking for gigabytes is a bug, not a need).
let maxRandomBytes: UInt64 = 64 << 20

/// `len` checked against ``maxRandomBytes``.
func randomLength(_ call: ComponentHostCall) throws -> Int {
    let n = try call.u64(0)
    guard n <= maxRandomBytes else { throw HostArgumentError("\(call.name): \(n) bytes requested, at most \(maxRandomBytes) allowed") }
    return Int(n)
}

/// `wasi:random/random`: bytes and numbers from the operating system's CSPRNG.
enum RandomInterface {
    static func register(_ linker: ComponentLinker) throws(ComponentError) {
        let iface = "wasi:random/random@\(wasiVersion)"
        try linker.defineFunction("\(iface)#get-random-bytes") { call in
            var bytes = [UInt8](repeating: 0, count: try randomLength(call))
            var failure: SystemError?
            bytes.withUnsafeMutableBytes { b in
                do throws(SystemError) { try SecureRandom.fill(b) } catch { failure = error }
            }
            if let failure { throw failure }
            return .value(.bytes(bytes))
        }
        try linker.defineFunction("\(iface)#get-random-u64") { _ in .value(.u64(try SecureRandom.next())) }
    }
}
