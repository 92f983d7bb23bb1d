/// Implementation limits of the validator, beyond what the binary format itself bounds.
///
/// They keep the work and memory of validation proportional to the size of the input (a block
/// or call costs time proportional to its type's length, and a call can push as many operands
/// as its type has results) and match the limits of other engines (wasmparser and the JS API
/// use 1000 parameters and 1000 results). Exceeding one is a `ValidationError`.
public enum ValidationLimits {
    /// Most parameters of one function type.
    public static let maxFunctionParameters = 1000
    /// Most results of one function type.
    public static let maxFunctionResults = 1000
    /// Most fields of one struct type (GC; wasmparser's limit).
    public static let maxStructFields = 10_000
    /// Most operands of one `array.new_fixed` (GC; wasmparser's limit).
    public static let maxArrayNewFixedOperands = 10_000
    /// Most operands on the stack at any point of one function body.
    public static let maxOperandStackHeight = 1 << 20
}
