import ComponentBinary

/// Why a host resource operation failed. Host functions throw it; the guest traps with its text.
public struct ComponentResourceError: Error, CustomStringConvertible, Sendable {
    /// The message.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One instance's table of host resources: the Swift objects behind the handles a guest holds.
///
/// Every handle has a resource type (checked on every lookup, so a stream handle cannot be
/// used as a descriptor) and optionally a parent: a child (such as the pollable of a stream)
/// keeps its parent from being dropped while it lives, as in wasmtime's `ResourceTable`. The
/// number of live handles is capped, so a guest cannot exhaust the host's memory by creating
/// handles in a loop.
public final class ComponentResourceTable {
    /// The default cap on live handles.
    public static let defaultLimit = 1 << 20

    struct Entry {
        var object: AnyObject
        var type: ResourceID
        var parent: UInt32?
        var children = 0
    }

    // The methods read and write these directly and call nothing while an access is open, so
    // accesses cannot overlap: the dynamic exclusivity checks are left out (a host function
    // looks its resource up on every call).
    @exclusivity(unchecked) private var entries: [Entry?] = [nil]
    @exclusivity(unchecked) private var free: [UInt32] = []
    /// The largest number of live handles.
    public let limit: Int
    /// The number of live handles.
    public private(set) var count = 0

    init(limit: Int) { self.limit = limit }

    /// Stores `object` as a resource of `type` and returns its handle (give it to the guest as
    /// `.own(handle)`); `parent` is a live handle that may not be dropped before this one.
    public func push(_ object: AnyObject, type: ResourceID, parent: ResourceHandle? = nil) throws(ComponentResourceError) -> ResourceHandle {
        guard count < limit else { throw ComponentResourceError("resource table is full (\(limit) live handles)") }
        if let p = parent {
            guard let i = index(p.rep), var e = entries[i] else { throw ComponentResourceError("unknown parent handle \(p.rep)") }
            e.children += 1
            entries[i] = e
        }
        let entry = Entry(object: object, type: type, parent: parent?.rep)
        let rep: UInt32
        if let reused = free.popLast() {
            rep = reused
            entries[Int(rep)] = entry
        } else {
            rep = UInt32(truncatingIfNeeded: entries.count)
            entries.append(entry)
        }
        count += 1
        return ResourceHandle(type: type, rep: rep)
    }

    private func index(_ rep: UInt32) -> Int? {
        let i = Int(rep)
        return i > 0 && i < entries.count ? i : nil
    }

    /// The object behind a handle argument (`.own` or `.borrow`) of resource type `type`, as `T`.
    public func get<T>(_ value: ComponentValue, _ type: ResourceID, as _: T.Type = T.self) throws(ComponentResourceError) -> T {
        let handle: ResourceHandle
        switch value {
        case .own(let h), .borrow(let h): handle = h
        default: throw ComponentResourceError("expected a resource handle")
        }
        return try get(handle, type)
    }

    /// The object behind `handle`, which must be of resource type `type`, as `T`.
    public func get<T>(_ handle: ResourceHandle, _ type: ResourceID, as _: T.Type = T.self) throws(ComponentResourceError) -> T {
        guard handle.type == type, let i = index(handle.rep), let e = entries[i], e.type == type else {
            throw ComponentResourceError("unknown handle \(handle.rep) of this resource type")
        }
        // The usual case, `T` the object's own class, without the runtime's general cast.
        if ObjectIdentifier(Swift.type(of: e.object)) == ObjectIdentifier(T.self) {
            return unsafeBitCast(e.object, to: T.self)
        }
        guard let object = e.object as? T else { throw ComponentResourceError("handle \(handle.rep) has the wrong kind of object") }
        return object
    }

    /// Removes a handle (the guest dropped it) and returns its object. Fails while it has
    /// live children.
    @discardableResult
    public func delete(_ rep: UInt32) throws(ComponentResourceError) -> AnyObject {
        guard let i = index(rep), let e = entries[i] else { throw ComponentResourceError("unknown handle \(rep)") }
        guard e.children == 0 else { throw ComponentResourceError("resource has children: drop handle \(rep)'s pollables and streams first") }
        entries[i] = nil
        free.append(rep)
        count -= 1
        if let p = e.parent, let pi = index(p), var parent = entries[pi] {
            parent.children -= 1
            entries[pi] = parent
        }
        return e.object
    }
}
