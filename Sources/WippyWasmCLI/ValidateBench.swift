import WASIHost
import WasmBinary
import WasmSpecTest
import WasmValidation

extension ValidateCommand {
    /// `wippy-wasm validate --bench FILE...`: decodes and validates each module repeatedly
    /// (at least 3 times and about one second) and prints the median wall time and throughput,
    /// then the median CPU time of the process (all threads: validation uses every core) and the
    /// throughput per CPU second:
    /// `FILE: 10485760 bytes, 41 functions: decode 12.3 ms + validate 45.6 ms = 57.9 ms (median of 18), 181.2 MB/s; CPU 60.1 ms, 174.5 MB/s per core`.
    static func bench(files: [String]) -> Int32 {
        var status: Int32 = 0
        for file in files {
            let bytes: [UInt8]
            do { bytes = try ModuleInput.read(file) } catch {
                print(error.message)
                status = 1
                continue
            }
            var decodeTimes: [Double] = []
            var totalTimes: [Double] = []
            var cpuTimes: [Double] = []
            var functions = 0
            var spent = 0.0
            var failure: String?
            while (totalTimes.count < 3 || spent < 1.0) && totalTimes.count < 1000 {
                let c0 = cpuSeconds()
                let t0 = seconds()
                let module: Module
                do { module = try decodeModule(bytes) } catch {
                    failure = "malformed: \(error)"
                    break
                }
                let t1 = seconds()
                do { _ = try validateModule(module) } catch {
                    failure = "invalid: \(error)"
                    break
                }
                let t2 = seconds()
                let c2 = cpuSeconds()
                cpuTimes.append(c2 - c0)
                functions = module.bodies.count
                decodeTimes.append(t1 - t0)
                totalTimes.append(t2 - t0)
                spent += t2 - t0
            }
            if let failure {
                print("\(file): \(failure)")
                status = 1
                continue
            }
            let decode = median(decodeTimes), total = median(totalTimes), cpu = median(cpuTimes)
            let megabytes = Double(bytes.count) / 1_000_000
            print("\(file): \(bytes.count) bytes, \(functions) functions: decode \(milliseconds(decode)) ms"
                + " + validate \(milliseconds(total - decode)) ms = \(milliseconds(total)) ms"
                + " (median of \(totalTimes.count)), \(oneDecimal(megabytes / total)) MB/s;"
                + " CPU \(milliseconds(cpu)) ms, \(oneDecimal(megabytes / cpu)) MB/s per core")
        }
        return status
    }

    private static func seconds() -> Double {
        Double((try? HostClock.monotonic.now()) ?? 0) / 1e9
    }

    private static func cpuSeconds() -> Double {
        Double((try? HostClock.processCPUTime.now()) ?? 0) / 1e9
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private static func milliseconds(_ seconds: Double) -> String { oneDecimal(seconds * 1000) }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths / 10)
        let fraction = Int(abs(tenths.truncatingRemainder(dividingBy: 10)))
        return "\(whole).\(fraction)"
    }
}
