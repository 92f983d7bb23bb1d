extension WASIPreview1 {
    /// Every `sock_*` call: `badf` for a closed descriptor, `notsock` for one that is not a
    /// socket; preview 1 guests here never hold sockets (sockets are a WASI 0.2 group).
    private func socket(_ fd: UInt32) throws(Errno) -> Never {
        let entry = try descriptor(fd)
        if entry.filetype == P1.filetypeSocketStream || entry.filetype == P1.filetypeSocketDgram { throw .notsup }
        throw .notsock
    }

    /// `sock_accept(fd, flags: fdflags) -> (fd)`: not supported (see `socket`).
    func sockAccept(_ a: Arguments, _ memory: GuestMemory) throws(Errno) { try socket(a.u32(0)) }

    /// `sock_recv(fd, ri_data: iovec_array, ri_flags) -> (size, roflags)`: not supported.
    func sockRecv(_ a: Arguments, _ memory: GuestMemory) throws(Errno) { try socket(a.u32(0)) }

    /// `sock_send(fd, si_data: ciovec_array, si_flags) -> (size)`: not supported.
    func sockSend(_ a: Arguments, _ memory: GuestMemory) throws(Errno) { try socket(a.u32(0)) }

    /// `sock_shutdown(fd, how: sdflags) -> errno`: not supported.
    func sockShutdown(_ a: Arguments, _ memory: GuestMemory) throws(Errno) { try socket(a.u32(0)) }
}
