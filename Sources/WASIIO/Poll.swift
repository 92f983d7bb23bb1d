import ComponentModel
import WASIHost

/// `wasi:io/poll`: `pollable.ready`, `pollable.block` and `poll`. Waiting suspends the guest on
/// its dispatcher; no thread blocks.
enum PollInterface {
    static func register(_ linker: ComponentLinker, _ io: IOResources) throws(ComponentError) {
        let iface = "wasi:io/poll@\(wasiVersion)"
        try linker.defineFunction("\(iface)#[method]pollable.ready") { call in
            let p = try call.resource(0, io.pollable, as: PollableObject.self)
            return .value(.bool(p.pollable.isReady()))
        }
        try linker.defineFunction("\(iface)#[method]pollable.block") { call in
            let p = try call.resource(0, io.pollable, as: PollableObject.self)
            if p.pollable.isReady() { return .value(nil) }
            let pending = ComponentPendingResult()
            _ = p.pollable.whenReady(on: try call.session().dispatcher) { pending.resolve(nil) }
            return .pending(pending)
        }
        try linker.defineFunction("\(iface)#poll") { call in
            guard case .list(let items) = try call.argument(0) else { throw HostArgumentError("poll: expected a list of pollables") }
            guard !items.isEmpty else { throw HostArgumentError("poll: the list of pollables is empty") }
            guard items.count <= Int(UInt32.max) else { throw HostArgumentError("poll: too many pollables") }
            var pollables: [HostPollable] = []
            pollables.reserveCapacity(items.count)
            for item in items { pollables.append(try call.resources.get(item, io.pollable, as: PollableObject.self).pollable) }
            let readyNow = readyIndices(pollables)
            if !readyNow.isEmpty { return .value(.list(readyNow)) }
            let dispatcher = try call.session().dispatcher
            let pending = ComponentPendingResult()
            var tokens: [DispatcherToken] = []
            func arm() {
                tokens = []
                for p in pollables {
                    tokens.append(p.whenReady(on: dispatcher) {
                        guard !pending.isResolved else { return }
                        for t in tokens { dispatcher.cancel(t) }
                        let ready = readyIndices(pollables)
                        // A descriptor may have been drained again by now: wait on.
                        if ready.isEmpty { arm() } else { pending.resolve(.list(ready)) }
                    })
                }
            }
            arm()
            return .pending(pending)
        }
    }

    /// The indices of the pollables that are ready now, as a `list<u32>`.
    static func readyIndices(_ pollables: [HostPollable]) -> [ComponentValue] {
        var out: [ComponentValue] = []
        for (i, p) in pollables.enumerated() where p.isReady() { out.append(.u32(UInt32(truncatingIfNeeded: i))) }
        return out
    }
}
