extension WASIPreview1 {
    /// `args_get(argv: ptr<ptr<u8>>, argv_buf: ptr<u8>) -> errno`: writes the argument
    /// pointers to `argv` and the NUL-terminated arguments to `argv_buf`.
    func argsGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        try writeStrings(argumentBytes, pointers: a.u32(0), buffer: a.u32(1), memory)
    }

    /// `args_sizes_get() -> (size, size)`: the argument count and the bytes `args_get` needs.
    func argsSizesGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        try writeSizes(argumentBytes, count: a.u32(0), size: a.u32(1), memory)
    }

    /// `environ_get(environ: ptr<ptr<u8>>, environ_buf: ptr<u8>) -> errno`: like `args_get`,
    /// with `NAME=value` strings.
    func environGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        try writeStrings(environmentBytes, pointers: a.u32(0), buffer: a.u32(1), memory)
    }

    /// `environ_sizes_get() -> (size, size)`: the variable count and the bytes `environ_get` needs.
    func environSizesGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        try writeSizes(environmentBytes, count: a.u32(0), size: a.u32(1), memory)
    }

    private func writeStrings(_ strings: [[UInt8]], pointers: UInt32, buffer: UInt32, _ memory: GuestMemory) throws(Errno) {
        // Check both whole regions first, so nothing is written when either is out of bounds.
        let total = strings.reduce(0) { $0 + $1.count }
        _ = try memory.pointer(pointers, strings.count * 4)
        _ = try memory.pointer(buffer, total)
        var offset = buffer
        for (i, string) in strings.enumerated() {
            try memory.store32(pointers + UInt32(i * 4), offset)
            try memory.write(offset, string)
            offset += UInt32(string.count)
        }
    }

    private func writeSizes(_ strings: [[UInt8]], count: UInt32, size: UInt32, _ memory: GuestMemory) throws(Errno) {
        let total = strings.reduce(0) { $0 + $1.count }
        guard total <= Int(UInt32.max) else { throw .overflow }
        _ = try memory.pointer(count, 4)
        _ = try memory.pointer(size, 4)
        try memory.store32(count, UInt32(strings.count))
        try memory.store32(size, UInt32(total))
    }
}
