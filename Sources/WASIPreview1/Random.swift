import WASIHost

extension WASIPreview1 {
    /// `random_get(buf: ptr<u8>, buf_len: size) -> errno`: fills the buffer from the OS CSPRNG.
    func randomGet(_ a: Arguments, _ memory: GuestMemory) throws(Errno) {
        let buffer = try memory.slice(a.u32(0), a.u32(1))
        do { try SecureRandom.fill(buffer) } catch { throw Errno(error) }
    }
}
