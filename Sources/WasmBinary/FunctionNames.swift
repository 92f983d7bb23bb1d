import Synchronization

/// The function names of a module's `name` section, decoded the first time one is asked for:
/// a 100 MB module has about 90,000 of them, and a run that prints no message needs none.
/// A malformed subsection gives no names, as if there were none. Shared by every copy of the
/// module and every function of its instances.
public final class FunctionNames: Sendable {
    /// Where the `name` section's content comes from.
    private enum Source: Sendable {
        /// Names given directly.
        case given
        /// `content` of `bytes`.
        case section(bytes: [UInt8], content: Range<Int>)
        /// The content, from wherever the closure reads it (nil: no names).
        case loader(@Sendable () -> [UInt8]?)
    }

    private let source: Source
    private let table: Mutex<[UInt32: String]?>

    /// Names given directly.
    public init(_ names: [UInt32: String] = [:]) {
        source = .given
        table = Mutex(names)
    }

    /// The names of the `name` section whose content is `content` of `bytes`, decoded later.
    init(bytes: [UInt8], content: Range<Int>) {
        source = .section(bytes: bytes, content: content)
        table = Mutex(nil)
    }

    /// The names of a `name` section whose content `load` returns when a name is first asked
    /// for (for a module read without it, from its file). The content is decoded as untrusted
    /// input, like any section's: nil, or content that is not a well-formed `name` section,
    /// gives no names.
    public init(loading load: @escaping @Sendable () -> [UInt8]?) {
        source = .loader(load)
        table = Mutex(nil)
    }

    /// Every name, by function index (decoded on the first call).
    public var all: [UInt32: String] {
        table.withLock { table in
            if let table { return table }
            var decoded: [UInt32: String] = [:]
            switch source {
            case .given:
                break
            case .section(let bytes, let content):
                decoded = (try? ModuleDecoder.functionNames(in: bytes, content)) ?? [:]
            case .loader(let load):
                if let content = load() {
                    decoded = (try? ModuleDecoder.functionNames(in: content, 0 ..< content.count)) ?? [:]
                }
            }
            table = decoded
            return decoded
        }
    }

    /// The name of function `index` (imports included), if the section gives one.
    public subscript(index: UInt32) -> String? { all[index] }
}
