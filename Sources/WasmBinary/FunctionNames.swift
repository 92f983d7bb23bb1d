import Synchronization

/// The function names of a module's `name` section, decoded the first time one is asked for:
/// a 100 MB module has about 90,000 of them, and a run that prints no message needs none.
/// A malformed subsection gives no names, as if there were none. Shared by every copy of the
/// module and every function of its instances.
public final class FunctionNames: Sendable {
    /// Where the `name` section's content is, or nil for names given directly.
    private let source: (bytes: [UInt8], content: Range<Int>)?
    private let table: Mutex<[UInt32: String]?>

    /// Names given directly.
    public init(_ names: [UInt32: String] = [:]) {
        source = nil
        table = Mutex(names)
    }

    /// The names of the `name` section whose content is `content` of `bytes`, decoded later.
    init(bytes: [UInt8], content: Range<Int>) {
        source = (bytes, content)
        table = Mutex(nil)
    }

    /// Every name, by function index (decoded on the first call).
    public var all: [UInt32: String] {
        table.withLock { table in
            if let table { return table }
            var decoded: [UInt32: String] = [:]
            if let source {
                decoded = (try? ModuleDecoder.functionNames(in: source.bytes, source.content)) ?? [:]
            }
            table = decoded
            return decoded
        }
    }

    /// The name of function `index` (imports included), if the section gives one.
    public subscript(index: UInt32) -> String? { all[index] }
}
