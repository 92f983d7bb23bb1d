import ComponentModel
import WASIHost
import WASIIO

/// `wasi:random/insecure`: fast non-cryptographic numbers (a per-instance xorshift generator
/// seeded from the CSPRNG).
enum InsecureInterface {
    /// The per-instance generator.
    final class Generator {
        var state: UInt64
        init() { state = ((try? SecureRandom.next()) ?? 0x9E37_79B9_7F4A_7C15) | 1 }
        func next() -> UInt64 {
            // SplitMix64.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func generator(_ call: ComponentHostCall) -> Generator {
        if let g = call.state[Generator.self] { return g }
        let g = Generator()
        call.state[Generator.self] = g
        return g
    }

    static func register(_ linker: ComponentLinker) throws(ComponentError) {
        let iface = "wasi:random/insecure@\(wasiVersion)"
        try linker.defineFunction("\(iface)#get-insecure-random-bytes") { call in
            let n = try randomLength(call)
            let g = generator(call)
            var bytes = [UInt8]()
            bytes.reserveCapacity(n + 8)
            while bytes.count < n {
                withUnsafeBytes(of: g.next().littleEndian) { bytes.append(contentsOf: $0) }
            }
            bytes.removeSubrange(n...)
            return .value(.bytes(bytes))
        }
        try linker.defineFunction("\(iface)#get-insecure-random-u64") { call in .value(.u64(generator(call).next())) }
    }
}

/// `wasi:random/insecure-seed`: a seed for guest-side hash tables (fixed per instance).
enum InsecureSeedInterface {
    final class Seed {
        let a: UInt64
        let b: UInt64
        init() {
            a = (try? SecureRandom.next()) ?? 0
            b = (try? SecureRandom.next()) ?? 0
        }
    }

    static func register(_ linker: ComponentLinker) throws(ComponentError) {
        let iface = "wasi:random/insecure-seed@\(wasiVersion)"
        try linker.defineFunction("\(iface)#insecure-seed") { call in
            let seed = call.state[Seed.self] ?? Seed()
            call.state[Seed.self] = seed
            return .value(.tuple([.u64(seed.a), .u64(seed.b)]))
        }
    }
}
