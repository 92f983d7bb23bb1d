extension Translator {
    /// Wide arithmetic (`i64.add128`, `i64.sub128`: four operands; `i64.mul_wide_s`,
    /// `i64.mul_wide_u`: two): w0 = op | dst, then the operands' slots in pairs, first operand
    /// first. The two i64 results (low half, then high half) go to dst and dst + 1, the
    /// canonical slots of the first two operands; the run loop reads every operand first.
    mutating func translateWide(_ t: ThreadedOp, operands: Int) throws(TranslationError) {
        var s2 = 0, s3 = 0
        if operands == 4 {
            s3 = try pop()
            s2 = try pop()
        }
        let s1 = try pop()
        let s0 = try pop()
        let dst = push(1)
        _ = push(1)
        emit(op(t, dst))
        emit(pair(s0, s1))
        if operands == 4 { emit(pair(s2, s3)) }
        // Two results: neither is the single value a `local.set` or a fused form could take over.
        lastProducer = nil
        lastFusable = nil
    }
}
