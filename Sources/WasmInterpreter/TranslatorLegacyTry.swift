import WasmBinary

// The legacy exception instructions (`try`, `catch`, `catch_all`, `delegate`, `rethrow`) on
// the handlers `try_table` uses (see docs/architecture.md, "Legacy exception handling").
//
// - A `try` body's range gets one handler per catch section, appended when that section
//   starts; its target is the section's code. The body's fallthrough jumps to the end, as a
//   then branch does at `else`.
// - A catch section's first slot (the frame's start height) holds the caught exception's
//   reference, written by the handler (kinds `legacyCatch`, `legacyCatchAll`) before the
//   payload; the section's operand stack starts above it, so nothing in it overwrites the
//   reference, and `rethrow` is a `throw_ref` of that slot. At the section's end its results
//   move down one slot, to the frame's start height, where a branch to the label puts them.
// - `delegate l` closes a `try` without catch sections with a handler of kind `delegate`
//   covering its body: when it matches, the search goes on from the handler index recorded when
//   the block `l` names closes its current section (`delegateFixups`): every handler appended
//   since belongs to a `try` enclosing that block, or does not cover the exception's position.
//   A delegate naming the function's frame sends the exception to the caller (target -1).

extension Translator {
    /// `catch x` (`tag` the tag index) or `catch_all` (nil): ends the `try` body or the
    /// previous catch section and starts a catch section.
    mutating func legacyCatch(tag: UInt32?) throws(TranslationError) {
        let index = controls.count - 1
        guard index > 0, controls[index].kind == .legacyTry || controls[index].kind == .legacyCatch else {
            throw TranslationError(message: "catch without try")
        }
        let inBody = controls[index].kind == .legacyTry
        if !controls[index].unreachable {
            if inBody {
                // The results are the whole stack above the frame: in place once materialized.
                try materializeTop(controls[index].results.count)
                let base = words.count
                emit(op(.jump))
                emitTarget(controlIndex: index, base: base)
            } else {
                // The previous section is done with its exception; its results go down over the
                // exception's slot, then to the end.
                emitReleaseCaught(controls[index].startHeight)
                try emitBranch(depth: 0)
            }
        }
        if inBody { controls[index].bodyEnd = words.count }
        closeSection(index)
        let c = controls[index]
        let here = words.count
        markLabel(here)
        // One slot for the exception's reference (any one-slot type), then the payload.
        var entries: [ValueType] = [.i64]
        if let tag { entries += try tagType(tag).parameters }
        handlers.append(ExceptionHandler(
            start: c.tryStart, end: c.bodyEnd,
            kind: tag == nil ? ExceptionHandler.legacyCatchAll : ExceptionHandler.legacyCatch,
            tag: tag.map { Int($0) } ?? -1, target: here, destination: c.startHeight))
        controls[index].kind = .legacyCatch
        controls[index].unreachable = false
        resetStack(controls[index], to: sizes(of: entries))
    }

    /// `delegate l`: ends a `try` without catch sections as `end` does, with a handler that
    /// sends what its body throws on to the handlers of the block `l` names (outside the try).
    mutating func legacyDelegate(_ depth: UInt32) throws(TranslationError) {
        guard let c = controls.last, c.kind == .legacyTry else {
            throw TranslationError(message: "delegate without try")
        }
        let end = words.count
        // Delegates naming this try are closed here, before its own delegate is appended: what
        // they send to it goes on through it.
        try endBlock()
        let targetIndex = controls.count - 1 - Int(depth)
        guard targetIndex >= 0 else { throw TranslationError(message: "unknown label") }
        handlers.append(ExceptionHandler(
            start: c.tryStart, end: end, kind: ExceptionHandler.delegate, tag: -1, target: -1, destination: 0))
        if controls[targetIndex].kind != .function {
            handlerLinks.append(PoolLink(value: handlers.count - 1, next: controls[targetIndex].delegateFixups))
            controls[targetIndex].delegateFixups = handlerLinks.count - 1
        }
    }

    /// `rethrow l`: throws again the exception caught by the catch section `l` names.
    mutating func legacyRethrow(_ depth: UInt32) throws(TranslationError) {
        let index = controls.count - 1 - Int(depth)
        guard index > 0, controls[index].kind == .legacyCatch else {
            throw TranslationError(message: "rethrow of a label that is not a catch")
        }
        emit(op(.throwRef, controls[index].startHeight))
        markUnreachable()
    }

    /// Releases the exception a catch section held in `slot` (its frame's start height), at the
    /// section's normal end. The results are then moved down over that slot by plain copies:
    /// the last instruction must not be retargeted to write its result there, before this
    /// instruction has read the slot.
    mutating func emitReleaseCaught(_ slot: Int) {
        lastProducer = nil
        lastFusable = nil
        emit(op(.releaseCaught, slot))
    }

    /// The current section of `controls[index]` is closing: the delegates naming it go on with
    /// the handlers appended from now on.
    mutating func closeSection(_ index: Int) {
        var link = controls[index].delegateFixups
        while link >= 0 {
            handlers[handlerLinks[link].value].target = handlers.count
            link = handlerLinks[link].next
        }
        controls[index].delegateFixups = -1
    }
}
