#if canImport(Glibc)
import Glibc
#endif

/// Whether chunks can be hashed eight at a time (`WippyBLAKE3AVX2`, compiled for AVX2).
enum WideLanes {
    /// True on x86-64 Linux when `/proc/cpuinfo` lists the `avx2` flag. The kernel lists it
    /// only when it also saves the 256-bit registers (XSAVE), so code using them is safe to run.
    /// Read once per process.
    static let available: Bool = {
        #if arch(x86_64) && os(Linux)
        return cpuFlags().contains("avx2")
        #else
        return false
        #endif
    }()

    #if arch(x86_64) && os(Linux)
    /// The words of the first `flags` line of `/proc/cpuinfo` (empty when it cannot be read).
    static func cpuFlags() -> Set<Substring> {
        let fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        // The first processor's block, which holds its flags line, fits in 64 KiB.
        let capacity = 1 << 16
        let text = String(unsafeUninitializedCapacity: capacity) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var count = 0
            while count < capacity {
                let n = read(fd, base + count, capacity - count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                count += n
            }
            return count
        }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { return [] }
            return Set(line[line.index(after: colon)...].split(separator: " "))
        }
        return []
    }
    #endif
}
