import Synchronization

/// Something the interpreter made from one module that every instance of that module may use:
/// a function's translated code, or the facts the translator reads about the module.
package protocol SharedModulePart: AnyObject, Sendable {}

/// What the instances of one validated module share, filled in by whichever instance needs a
/// part first (DESIGN.md §3: compiled modules are immutable and shared, instances are per
/// pool worker). A ``ValidatedModule`` and all its copies hold the same one, so the instances
/// of a pool, each in its own store and possibly on its own thread, translate each function
/// once between them. Parts are immutable once stored; the lock is held only to read or set a
/// slot, never while a part is made.
package final class SharedModuleCode: Sendable {
    /// By defined function index; only the functions some instance ran have an entry (a module
    /// may have tens of thousands of functions and a run call a few thousand).
    private let functions = Mutex<[Int: any SharedModulePart]>([:])
    private let moduleFacts = Mutex<(any SharedModulePart)?>(nil)

    package init() {}

    /// The part stored for defined function `index`, if any.
    package func function(_ index: Int) -> (any SharedModulePart)? {
        functions.withLock { $0[index] }
    }

    /// Stores `part` for defined function `index` unless another instance stored one first;
    /// returns the part now in the slot (theirs or `part`).
    package func storeFunction(_ part: any SharedModulePart, at index: Int) -> any SharedModulePart {
        functions.withLock { slots in
            if let existing = slots[index] { return existing }
            slots[index] = part
            return part
        }
    }

    /// The module-wide part, made by `make` the first time (concurrent first callers may each
    /// make one; the first stored wins).
    package func facts(_ make: () -> any SharedModulePart) -> any SharedModulePart {
        if let existing = moduleFacts.withLock({ $0 }) { return existing }
        let made = make()
        return moduleFacts.withLock { slot in
            if let existing = slot { return existing }
            slot = made
            return made
        }
    }
}
