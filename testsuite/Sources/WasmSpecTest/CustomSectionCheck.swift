import WasmBinary

/// Checks the custom sections the `assert_invalid_custom` commands are about, for a module that
/// is otherwise valid.
///
/// The runtime itself ignores custom sections (the specification lets it: they do not affect
/// the semantics). The spec scripts' `_custom` assertions are for tools that interpret them; the
/// runner interprets the one such section the suite tests, `metadata.code.branch_hint` (the
/// branch-hinting appendix): the reference interpreter's checks, with its messages.
enum CustomSectionCheck {
    /// The first problem with the module's interpreted custom sections, nil when there is none.
    static func problem(in module: Module) -> String? {
        for section in module.customSections where section.name == "metadata.code.branch_hint" {
            if let problem = branchHintProblem(module, section.content) { return problem }
        }
        return nil
    }

    /// `vec(funcidx vec(offset:u32 1:u32 hint:byte))`: each offset (from the start of the
    /// function's body, its local declarations) must be where an `if` or `br_if` starts, in
    /// increasing order.
    static func branchHintProblem(_ module: Module, _ content: Range<Int>) -> String? {
        let prefix = "@metadata.code.branch_hint"
        let starts = bodyStarts(module)
        let imported = module.importedFunctionCount
        var reader = ByteReader(bytes: module.bytes, range: content)
        do throws(DecodeError) {
            let functions = try reader.readU32()
            for _ in 0..<functions {
                let function = Int(try reader.readU32())
                let defined = function - imported
                guard defined >= 0, defined < module.bodies.count, defined < starts.count else {
                    return "\(prefix) section: invalid function index"
                }
                let body = try module.decodedBody(defined)
                // The instructions' offsets from the body's start and whether each is a branch.
                var targets: [(offset: Int, isBranch: Bool)] = []
                var decoder = InstructionDecoder(bytes: module.bytes, range: body.code)
                while !decoder.isAtEnd {
                    let instruction = try decoder.next()
                    let isBranch = instruction.opcode == .if || instruction.opcode == .brIf
                    targets.append((instruction.offset - starts[defined], isBranch))
                }
                let hints = try reader.readU32()
                var previous = -1
                for _ in 0..<hints {
                    let offset = Int(try reader.readU32())
                    guard try reader.readU32() == 1 else { return "\(prefix) section: missing reserved byte" }
                    guard try reader.readByte() <= 1 else { return "\(prefix) section: invalid hint value" }
                    // The instruction at the offset, or the first one after it.
                    guard let index = targets.firstIndex(where: { $0.offset >= offset }) else {
                        return "\(prefix) section: invalid offset"
                    }
                    guard targets[index].isBranch else { return "\(prefix) annotation: invalid target" }
                    guard index > previous else { return "\(prefix) annotation: invalid order" }
                    previous = index
                }
            }
            guard reader.isAtEnd else { return "\(prefix) section: unexpected content" }
        } catch {
            return "\(prefix) section: \(error.message)"
        }
        return nil
    }

    /// Where each defined function's body starts (its local declarations) in the module binary.
    static func bodyStarts(_ module: Module) -> [Int] {
        guard let code = module.codeSection else { return [] }
        var starts: [Int] = []
        var position = code.bodies.lowerBound
        for extent in module.bodyExtents() {
            starts.append(position + extent.headerLength)
            position += extent.headerLength + extent.size
        }
        return starts
    }
}
