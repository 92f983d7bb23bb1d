/// Implementation limits enforced by ``decodeModule(_:)``.
///
/// The binary format allows up to 2³²−1 locals per function; expanding that many would let a
/// few bytes of input allocate gigabytes, so the decoder refuses more than these limits with
/// `"too many locals"`. The sums are checked before anything is expanded.
public enum DecoderLimits {
    /// Most locals (beyond the parameters) one function may declare.
    public static let maxLocalsPerFunction = 50_000

    /// Most locals all the function bodies of one module may declare together.
    ///
    /// Without it, a module of many tiny bodies that each declare the per-function maximum
    /// would expand about 50,000 locals per six input bytes. The limit grows with the binary,
    /// 16 locals per byte, from 2²⁰ up to 2²⁴; real modules use far fewer locals than bytes.
    ///
    /// - Parameter binarySize: The size of the module binary in bytes.
    public static func maxLocalsPerModule(binarySize: Int) -> Int {
        let proportional = binarySize > (1 << 24) / 16 ? 1 << 24 : binarySize * 16
        return min(max(proportional, 1 << 20), 1 << 24)
    }
}
