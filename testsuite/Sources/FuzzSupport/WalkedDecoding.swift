import WasmBinary

/// Decoding a module with its code section walked on a given number of chains (the fuzzer
/// and the tests check that any number gives the same bodies or error).
public enum WalkedDecoding {
    /// The bodies of the module in `bytes` decoded on `walks` chains (nil: as many as the code
    /// section's size calls for), or the error.
    public static func bodies(_ bytes: [UInt8], walks: Int?) -> Result<[FunctionBody], DecodeError> {
        var options = DecodeOptions()
        options.bodyWalks = walks
        do {
            return .success(try decodeModule(bytes, options: options).bodies)
        } catch {
            return .failure(error)
        }
    }
}
