import ComponentBinary
import WasmBinary
import WasmInterpreter

/// The core functions of `canon resource.new`, `resource.drop` and `resource.rep`.
extension ComponentRuntime {
    func resourceNew(_ rt: ResourceID, instance: ComponentInstanceState) -> FunctionAddress {
        store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32]), name: "resource.new") { _, args throws(TrapCode) -> HostOutcome in
            guard instance.mayLeave else { throw CanonTrap.cannotLeave }
            guard case .i32(let rep)? = args.first else { throw CanonTrap.trap("resource.new: expected an i32") }
            let h = try instance.handles.add(HandleEntry(type: rt, rep: rep, own: true))
            return .values([.i32(h)])
        }
    }

    func resourceRep(_ rt: ResourceID, instance: ComponentInstanceState) -> FunctionAddress {
        store.addHostFunction(type: FunctionType(parameters: [.i32], results: [.i32]), name: "resource.rep") { [unowned self] _, args throws(TrapCode) -> HostOutcome in
            // No may-leave check: the canonical ABI lets post-return functions read a handle's rep.
            guard case .i32(let i)? = args.first else { throw CanonTrap.trap("resource.rep: expected an i32") }
            let e = try instance.handles.get(i)
            try self.checkHandleType(e, rt, i)
            return .values([.i32(e.rep)])
        }
    }

    func resourceDrop(_ rt: ResourceID, instance: ComponentInstanceState) -> FunctionAddress {
        store.addHostFunction(type: FunctionType(parameters: [.i32], results: []), name: "resource.drop") { [unowned self] _, args throws(TrapCode) -> HostOutcome in
            guard instance.mayLeave else { throw CanonTrap.cannotLeave }
            guard case .i32(let i)? = args.first else { throw CanonTrap.trap("resource.drop: expected an i32") }
            let e = try instance.handles.get(i)
            try self.checkHandleType(e, rt, i)
            if e.own {
                guard e.lendCount == 0 else { throw CanonTrap.trap("cannot remove owned resource while borrowed") }
                _ = try instance.handles.remove(i)
                try self.destroy(ResourceHandle(type: rt, rep: e.rep), droppedBy: instance)
            } else {
                _ = try instance.handles.remove(i)
                e.scope?.outstanding -= 1
            }
            return .values([])
        }
    }

    /// Runs a resource's destructor (the guest's `dtor` or the host's drop).
    func destroy(_ h: ResourceHandle, droppedBy caller: ComponentInstanceState?) throws(TrapCode) {
        guard let info = resourceType(h.type) else { return }
        if let dtor = info.destructor {
            if let impl = info.implementation, impl !== caller, !impl.mayEnter { throw CanonTrap.cannotEnter }
            _ = try store.invoke(dtor, [.i32(h.rep)])
        } else if let drop = info.hostDrop {
            do {
                try drop(h.rep, self)
            } catch let t as TrapCode {
                throw t
            } catch {
                throw TrapCode.hostTrap("host resource \(info.name) drop failed: \(error)")
            }
        }
    }

    func checkHandleType(_ e: HandleEntry, _ rt: ResourceID, _ handle: UInt32) throws(TrapCode) {
        guard e.type != rt else { return }
        func kind(_ t: ResourceTypeInfo?) -> String { t?.definedByHost ?? false ? "host-defined resource" : "guest-defined resource" }
        let a = kind(resourceType(rt))
        let b = kind(resourceType(e.type))
        throw CanonTrap.trap("handle index \(handle) used with the wrong type, expected \(a) but found \(a == b ? "a different " : "")\(b)")
    }
}
