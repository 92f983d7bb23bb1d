import ComponentBinary

/// The host side of a host-defined resource: the Swift objects behind its handles.
///
/// Made by ``ComponentLinker/defineResource(_:as:)``. A constructor inserts an object and returns
/// the handle as `.own`; methods look the object up from their `self` argument (a `.borrow`);
/// when the guest drops its last owning handle the object is removed.
public final class HostResourceTable<Object> {
    /// The resource type the table serves.
    public let type: ResourceID
    private var objects: [UInt32: Object] = [:]
    private var nextRep: UInt32 = 1

    init(type: ResourceID) { self.type = type }

    /// Stores an object and returns a handle to it (give it to the guest as `.own(handle)`).
    public func insert(_ object: Object) -> ResourceHandle {
        while objects[nextRep] != nil || nextRep == 0 { nextRep &+= 1 }
        let rep = nextRep
        nextRep &+= 1
        objects[rep] = object
        return ResourceHandle(type: type, rep: rep)
    }

    /// The object behind a handle, if it is of this table's type and still alive.
    public subscript(handle: ResourceHandle) -> Object? {
        guard handle.type == type else { return nil }
        return objects[handle.rep]
    }

    /// The object behind an argument (`.own` or `.borrow` of this type).
    public func object(_ value: ComponentValue) -> Object? {
        switch value {
        case .own(let h), .borrow(let h): return self[h]
        default: return nil
        }
    }

    /// Removes an object (what the guest's drop does).
    @discardableResult
    public func remove(rep: UInt32) -> Object? { objects.removeValue(forKey: rep) }

    /// How many objects are alive.
    public var count: Int { objects.count }
}
