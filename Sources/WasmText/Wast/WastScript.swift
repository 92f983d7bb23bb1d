import WasmBinary

/// A `.wast` script (a WebAssembly spec test): modules, actions and assertions.
///
/// Read one with ``parse(_:)``. Modules are kept as text and encoded on demand with
/// ``WastModule/encode()``, so a malformed module fails only the command that uses it.
public struct WastScript: Sendable {
    /// The commands in script order.
    public var commands: [WastCommand]

    /// Reads a script.
    /// - Throws: A ``WATError`` when the script itself is malformed (unbalanced parentheses, an
    ///   unknown command, a bad constant); malformed modules inside it are not an error here.
    public static func parse(_ text: String) throws(WATError) -> WastScript {
        try parse(bytes: Array(text.utf8))
    }

    /// Reads a script from its UTF-8 bytes.
    public static func parse(bytes: [UInt8]) throws(WATError) -> WastScript {
        let source: ScriptSource
        do {
            source = ScriptSource(bytes: bytes, lexer: try Lexer.lex(bytes))
        } catch {
            throw error.located(in: bytes)
        }
        var reader = ScriptReader(source: source)
        do {
            return WastScript(commands: try reader.readCommands())
        } catch {
            let (line, column) = source.lines.lineAndColumn(of: error.offset)
            throw WATError(message: error.message, line: line, column: column)
        }
    }
}

/// One command of a script.
public struct WastCommand: Sendable {
    /// The line of the command's module or action (where the JSON form of the script places it).
    public var line: Int
    /// What the command does.
    public var kind: Kind

    /// The commands of the spec scripts.
    public enum Kind: Sendable {
        /// `(module ...)`: define and instantiate a module (or only define it, when
        /// ``WastModule/isDefinition``).
        case module(WastModule)
        /// `(module instance $instance? $definition?)`.
        case moduleInstance(instance: String?, definition: String?)
        /// `(register "name" $module?)`.
        case register(as: String, module: String?)
        /// `(invoke ...)` or `(get ...)` on its own.
        case action(WastAction)
        /// `(assert_return action expected*)`.
        case assertReturn(WastAction, [WastExpected])
        /// `(assert_trap action "message")`.
        case assertTrap(WastAction, message: String)
        /// `(assert_exhaustion action "message")`.
        case assertExhaustion(WastAction, message: String)
        /// `(assert_exception action)`.
        case assertException(WastAction)
        /// `(assert_malformed module "message")`.
        case assertMalformed(WastModule, message: String)
        /// `(assert_invalid module "message")`.
        case assertInvalid(WastModule, message: String)
        /// `(assert_unlinkable module "message")`.
        case assertUnlinkable(WastModule, message: String)
        /// `(assert_trap module "message")` or `(assert_uninstantiable module "message")`.
        case assertUninstantiable(WastModule, message: String)
        /// `(assert_malformed_custom module "message")`: the module's custom annotations are
        /// malformed (only checked by tools that interpret them).
        case assertMalformedCustom(WastModule, message: String)
        /// `(assert_invalid_custom module "message")`: a custom section the module's annotations
        /// give is invalid (only checked by tools that interpret it).
        case assertInvalidCustom(WastModule, message: String)
        /// A command this reader does not run: `thread`, `wait`, `assert_suspension`.
        case unsupported(String)
    }
}

/// A module of a script, kept as text until it is needed.
public struct WastModule: Sendable {
    /// How the module is written.
    public enum Form: Sendable {
        /// `(module ...)` with fields.
        case text
        /// `(module binary "...")`.
        case binary
        /// `(module quote "...")`.
        case quote
    }

    /// `$name` without the `$`, if given.
    public var name: String?
    /// Whether it is `(module definition ...)`: compiled but not instantiated.
    public var isDefinition: Bool
    /// How it is written.
    public var form: Form
    /// Its line in the script.
    public var line: Int

    let source: ScriptSource
    let from: Int
    let to: Int

    /// The module binary: the bytes of a `binary` module, or the encoding of a text or `quote`
    /// module (see ``parseWAT(_:)``).
    /// - Throws: A ``WATError`` if the text is malformed; its line is in the script.
    public func encode() throws(WATError) -> [UInt8] {
        do {
            return try ModuleText.encode(
                source: source.bytes, lexer: source.lexer, from: from, to: to, allowQuote: true)
        } catch {
            let (line, column) = source.lines.lineAndColumn(of: error.offset)
            throw WATError(message: error.message, line: line, column: column)
        }
    }
}

/// `(invoke $module? "name" argument*)` or `(get $module? "name")`.
public struct WastAction: Sendable {
    /// Invoke a function or read a global.
    public enum Kind: Sendable {
        /// `(invoke ...)`: call an exported function.
        case invoke
        /// `(get ...)`: read an exported global.
        case get
    }

    /// Invoke or get.
    public var kind: Kind
    /// The module's name without `$`, nil for the latest module.
    public var module: String?
    /// The export's name.
    public var field: String
    /// The arguments of an invoke.
    public var arguments: [WastValue]
}

/// A constant argument.
public enum WastValue: Hashable, Sendable {
    /// `(i32.const N)`, as its bits.
    case i32(UInt32)
    /// `(i64.const N)`, as its bits.
    case i64(UInt64)
    /// The bits of an f32.
    case f32(UInt32)
    /// The bits of an f64.
    case f64(UInt64)
    /// `(v128.const shape lane*)`.
    case v128(V128)
    /// `(ref.null heaptype)`.
    case refNull(HeapType)
    /// `(ref.extern N)`: host reference N as an `externref`.
    case refExtern(UInt32)
    /// `(ref.host N)`: host reference N as an `anyref`.
    case refHost(UInt32)
}

/// A NaN an expected float may be instead of exact bits.
public enum WastNaN: Hashable, Sendable {
    /// `nan:canonical`
    case canonical
    /// `nan:arithmetic`
    case arithmetic
}

/// An expected float: exact bits or a NaN pattern.
public enum WastFloat<Bits: FixedWidthInteger & UnsignedInteger & Sendable>: Hashable, Sendable {
    /// Exactly these bits.
    case bits(Bits)
    /// Any NaN of this kind.
    case nan(WastNaN)
}

/// The lane interpretation of an expected `v128`.
public enum WastLaneShape: String, Hashable, Sendable {
    /// `i8x16`, `i16x8`, `i32x4`, `i64x2`, `f32x4`, `f64x2`.
    case i8, i16, i32, i64, f32, f64

    /// Number of lanes.
    public var count: Int {
        switch self {
        case .i8: return 16
        case .i16: return 8
        case .i32, .f32: return 4
        case .i64, .f64: return 2
        }
    }
}

/// One expected lane of a `v128`.
public enum WastLane: Hashable, Sendable {
    /// Exact bits (integers wrapped to the lane width).
    case bits(UInt64)
    /// A NaN pattern (float lanes).
    case nan(WastNaN)
}

/// An expected result.
public indirect enum WastExpected: Hashable, Sendable {
    /// `(i32.const N)`.
    case i32(UInt32)
    /// `(i64.const N)`.
    case i64(UInt64)
    /// `(f32.const F)` or `(f32.const nan:canonical)`/`nan:arithmetic`.
    case f32(WastFloat<UInt32>)
    /// `(f64.const F)` or a NaN pattern.
    case f64(WastFloat<UInt64>)
    /// `(v128.const shape lane*)`, float lanes possibly NaN patterns.
    case v128(WastLaneShape, [WastLane])
    /// `(ref.null ht?)`: a null reference (of any type when the heap type is left out).
    case refNull(HeapType?)
    /// `(ref.extern N?)`: host reference N, or any non-null external reference.
    case refExtern(UInt32?)
    /// `(ref.host N)`.
    case refHost(UInt32)
    /// `(ref.func N?)`: a non-null function reference.
    case refFunc
    /// `(ref.struct)`, `(ref.array)`, `(ref.eq)`, `(ref.i31)`, `(ref.any)`, `(ref.exn)`: a
    /// non-null reference of that kind (the name without `ref.`).
    case ref(String)
    /// `(either expected*)`: any one of them.
    case either([WastExpected])
}

/// The lexed text of a script, shared by its modules.
final class ScriptSource: Sendable {
    let bytes: [UInt8]
    let lexer: Lexer
    let lines: LineIndex

    init(bytes: [UInt8], lexer: Lexer) {
        self.bytes = bytes
        self.lexer = lexer
        self.lines = LineIndex(bytes)
    }
}
