import WasmBinary
import WasmBytes
import WasmInterpreter
import WasmValidation
import WASIHost
import WASIPreview1

/// Builds a module that imports WASI functions and exports a WebAssembly wrapper for each under
/// the same name (so the host function sees a calling instance and its memory), plus a 1-page
/// memory exported as `memory`.
enum WASIModuleBuilder {
    /// (name, parameter types, returns an i32 errno)
    typealias Function = (name: String, parameters: [ValueType], returnsErrno: Bool)

    static func module(_ functions: [Function]) -> [UInt8] {
        func leb(_ value: Int) -> [UInt8] { WasmBytes.unsigned(value) }
        func name(_ s: String) -> [UInt8] { WasmBytes.name(s) }
        func section(_ id: UInt8, _ body: [UInt8]) -> [UInt8] { WasmBytes.section(id, body) }
        func code(_ t: ValueType) -> UInt8 { t == .i64 ? 0x7e : 0x7f }

        var types: [UInt8] = leb(functions.count)
        var imports: [UInt8] = leb(functions.count)
        var declarations: [UInt8] = leb(functions.count)
        var exports: [UInt8] = leb(functions.count + 1)
        var bodies: [UInt8] = leb(functions.count)
        for (i, f) in functions.enumerated() {
            types += [0x60] + leb(f.parameters.count) + f.parameters.map(code) + (f.returnsErrno ? [0x01, 0x7f] : [0x00])
            imports += name("wasi_snapshot_preview1") + name(f.name) + [0x00] + leb(i)
            declarations += leb(i)
            exports += name(f.name) + [0x00] + leb(functions.count + i)
            var body: [UInt8] = [0x00]  // no locals
            for p in 0..<f.parameters.count { body += [0x20] + leb(p) }
            body += [0x10] + leb(i) + [0x0b]
            bodies += leb(body.count) + body
        }
        exports += name("memory") + [0x02, 0x00]
        return [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
            + section(1, types) + section(2, imports) + section(3, declarations)
            + section(5, [0x01, 0x00, 0x01]) + section(7, exports) + section(10, bodies)
    }
}

/// A guest with WASI for host-function tests: call functions by name, read and write memory.
final class WASIGuest {
    let store = Store()
    let wasi: WASIPreview1
    let instance: Instance
    let memory: MemoryAddress

    static let i32 = ValueType.i32, i64 = ValueType.i64
    static let functions: [WASIModuleBuilder.Function] = [
        ("fd_write", [i32, i32, i32, i32], true),
        ("fd_read", [i32, i32, i32, i32], true),
        ("fd_close", [i32], true),
        ("fd_prestat_get", [i32, i32], true),
        ("fd_prestat_dir_name", [i32, i32, i32], true),
        ("fd_fdstat_get", [i32, i32], true),
        ("args_sizes_get", [i32, i32], true),
        ("args_get", [i32, i32], true),
        ("environ_sizes_get", [i32, i32], true),
        ("random_get", [i32, i32], true),
        ("clock_time_get", [i32, i64, i32], true),
        ("path_open", [i32, i32, i32, i32, i32, i64, i64, i32, i32], true),
        ("path_create_directory", [i32, i32, i32], true),
        ("path_unlink_file", [i32, i32, i32], true),
        ("path_symlink", [i32, i32, i32, i32, i32], true),
        ("path_filestat_get", [i32, i32, i32, i32, i32], true),
        ("fd_readdir", [i32, i32, i32, i64, i32], true),
        ("poll_oneoff", [i32, i32, i32, i32], true),
        ("sock_shutdown", [i32, i32], true),
        ("fd_filestat_set_size", [i32, i64], true),
        ("fd_allocate", [i32, i64, i64], true),
        ("fd_seek", [i32, i64, i32, i32], true),
        ("fd_tell", [i32, i32], true),
        ("fd_sync", [i32], true),
        ("fd_datasync", [i32], true),
        ("fd_advise", [i32, i64, i64, i32], true),
        ("fd_filestat_set_times", [i32, i64, i64, i32], true),
        ("fd_filestat_get", [i32, i32], true),
        ("fd_fdstat_set_flags", [i32, i32], true),
        ("fd_pwrite", [i32, i32, i32, i64, i32], true),
        ("proc_exit", [i32], false),
    ]

    init(_ context: WASIContext) throws {
        wasi = try WASIPreview1(context: context)
        let module = try validateModule(try decodeModule(WASIModuleBuilder.module(Self.functions)))
        instance = try store.instantiate(module, imports: wasi.imports(into: store))
        memory = instance.exportedMemory("memory")!
    }

    /// Calls a wrapper; returns the errno (or 0 for functions without a result).
    func call(_ name: String, _ arguments: Value...) throws(TrapCode) -> UInt32 {
        let results = try store.invoke(instance.exportedFunction(name)!, arguments)
        if case .i32(let v)? = results.first { return v }
        return 0
    }

    func write(_ address: UInt64, _ bytes: [UInt8]) { store.writeMemory(memory, offset: address, bytes: bytes) }

    func write32(_ address: UInt64, _ value: UInt32) {
        write(address, (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
    }

    func read(_ address: UInt64, _ count: Int) -> [UInt8] { store.readMemory(memory, offset: address, count: count) ?? [] }

    func read32(_ address: UInt64) -> UInt32 {
        read(address, 4).enumerated().reduce(0) { $0 | UInt32($1.element) << ($1.offset * 8) }
    }
}

/// WASI errno values used in the tests.
enum E {
    static let success: UInt32 = 0, badf: UInt32 = 8, fault: UInt32 = 21, inval: UInt32 = 28, ilseq: UInt32 = 25
    static let nametoolong: UInt32 = 37, noent: UInt32 = 44, notsock: UInt32 = 57, perm: UInt32 = 63
    static let rofs: UInt32 = 69, notcapable: UInt32 = 76, spipe: UInt32 = 70
}
