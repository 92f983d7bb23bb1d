// The words of the text format that are not instruction names.

extension ModuleParser {
    /// Keywords of the module and script syntax, types and literals.
    static let syntaxKeywords: [StaticString] = [
        "module", "type", "func", "param", "result", "local", "global", "table", "memory", "elem", "data",
        "start", "import", "export", "tag", "mut", "then", "else", "do", "offset", "item", "declare", "ref",
        "null", "rec", "sub", "final", "struct", "array", "field", "binary", "quote", "definition", "instance",
        "shared", "unshared", "pagesize", "exact", "describes", "descriptor", "catch", "catch_ref", "catch_all", "catch_all_ref", "delegate",
        "i32", "i64", "f32", "f64", "v128", "i8", "i16",
        "funcref", "externref", "exnref", "anyref", "eqref", "i31ref", "structref", "arrayref", "nullref",
        "nullfuncref", "nullexternref", "nullexnref",
        "extern", "exn", "any", "eq", "i31", "none", "nofunc", "noextern", "noexn",
        "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2",
        "inf", "nan", "nan:canonical", "nan:arithmetic",
        "register", "invoke", "get", "assert_return", "assert_trap", "assert_exhaustion", "assert_malformed",
        "assert_invalid", "assert_unlinkable", "assert_uninstantiable", "assert_exception", "either",
    ]

    /// Whether the keyword at token `index` is a word of the text format (an instruction, a
    /// syntax keyword, `offset=`/`align=`, `nan:0x…`). Other words are "unknown operator"s.
    func isKnownKeyword(_ index: Int) -> Bool {
        if instructionIndex(index) != nil { return true }
        if hasPrefix(index, "offset=") || hasPrefix(index, "align=") || hasPrefix(index, "nan:0x") { return true }
        return Self.syntaxKeywords.contains { isKeyword(index, $0) }
    }
}
