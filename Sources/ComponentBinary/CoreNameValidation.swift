import WasmBinary

/// Checks on the imports and exports of core modules and core module types that the component
/// model adds to (or repeats from) core validation.
enum CoreNameValidation {
    /// A core module embedded in a component: its two-level import names must be distinct, since
    /// they mangle to the same single-level name.
    static func checkModule(_ module: Module, at offset: Int) throws(ComponentValidationError) {
        var seen = Set<String>()
        for i in module.imports {
            guard seen.insert("\(i.module):\(i.name)").inserted else {
                throw ComponentValidationError("duplicate import name `\(i.module):\(i.name)`", offset: offset)
            }
        }
    }

    /// A core module type: distinct import and export names and valid memory limits.
    static func checkModuleType(_ declarations: [CoreModuleDeclaration], at offset: Int) throws(ComponentValidationError) {
        var imports = Set<String>()
        var exports = Set<String>()
        for d in declarations {
            switch d {
            case .import(let i):
                guard imports.insert("\(i.module):\(i.name)").inserted else {
                    throw ComponentValidationError("duplicate import name `\(i.module):\(i.name)`", offset: offset)
                }
                try checkLimits(i.descriptor, at: offset)
            case .export(let name, let descriptor):
                guard exports.insert(name).inserted else {
                    throw ComponentValidationError("export name `\(name)` already defined", offset: offset)
                }
                try checkLimits(descriptor, at: offset)
            case .type, .outerAlias:
                break
            }
        }
    }

    /// A memory's limits must fit the address space: 65536 pages (4 GiB) for a 32-bit memory,
    /// 2^48 pages for a 64-bit one (with one-byte pages: 2^32 - 1 and 2^64 - 1), and the
    /// minimum must not exceed the maximum. Its page size must be 1 byte or 64 KiB.
    private static func checkLimits(_ descriptor: ImportDescriptor, at offset: Int) throws(ComponentValidationError) {
        guard case .memory(let type) = descriptor else { return }
        let limits = type.limits
        guard type.pageSizeLog2 == 16 || type.pageSizeLog2 == 0 else {
            throw ComponentValidationError("invalid custom page size", offset: offset)
        }
        let most = type.addressablePages
        guard limits.min <= most, (limits.max ?? 0) <= most else {
            throw ComponentValidationError(
                limits.is64 ? "memory size must be at most 2**48 pages" : "memory size must be at most 65536 pages (4GiB)", offset: offset)
        }
        if let max = limits.max, limits.min > max {
            throw ComponentValidationError("size minimum must not be greater than maximum", offset: offset)
        }
    }
}
