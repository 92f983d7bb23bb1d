import ComponentBinary
import WasmInterpreter

/// A component instance: call its exported functions with component values.
public final class InstantiatedComponent {
    /// The runtime it lives in.
    public let runtime: ComponentRuntime
    let root: ComponentInstanceValue
    let state: ComponentInstanceState
    /// The component's imports and exports with resolved types.
    public let summary: ComponentSummary

    init(runtime: ComponentRuntime, root: ComponentInstanceValue, state: ComponentInstanceState, summary: ComponentSummary) {
        self.runtime = runtime
        self.root = root
        self.state = state
        self.summary = summary
    }

    /// The exported function `name`, or `iface#name` for a function of an exported instance.
    func function(_ name: String) -> ComponentFunction? {
        if case .function(let f)? = root[name] { return f }
        guard let (iface, item) = ComponentLinker.split(name), case .instance(let i)? = root[iface],
              case .function(let f)? = i[item] else { return nil }
        return f
    }

    /// The type of an exported function (`name` or `iface#name`).
    public func functionType(_ name: String) -> ResolvedFunctionType? { function(name)?.type }

    /// The exported functions' names (interface functions as `iface#name`).
    public var functionNames: [String] {
        var out: [String] = []
        for n in root.names {
            switch root[n] {
            case .function?: out.append(n)
            case .instance(let i)?:
                for m in i.names { if case .function? = i[m] { out.append("\(n)#\(m)") } }
            default: break
            }
        }
        return out
    }

    /// The export `name`, checked against the number of arguments.
    private func callee(_ name: String, _ arguments: [ComponentValue]) throws(ComponentError) -> ComponentFunction {
        guard let f = function(name) else {
            let known = functionNames.joined(separator: ", ")
            throw ComponentError(.link, "no exported function `\(name)`; the component exports: \(known.isEmpty ? "none" : known)")
        }
        guard arguments.count == f.type.parameters.count else {
            throw ComponentError(.argument, "`\(name)` takes \(f.type.parameters.count) arguments, \(arguments.count) given")
        }
        return f
    }

    /// Calls an exported function. Traps come back as errors of kind ``ComponentError/Kind/trap``.
    public func call(_ name: String, _ arguments: [ComponentValue]) throws(ComponentError) -> ComponentValue? {
        let f = try callee(name, arguments)
        do {
            return try f.call(arguments, fromHost: true)
        } catch {
            throw ComponentError.trapped(error)
        }
    }

    /// Starts a call that may suspend: when a suspending host function (registered with
    /// ``ComponentLinker/defineFunction(_:_:)``) answers `pending`, the call returns
    /// ``ComponentCallResult/suspended(_:)``; resolve the pending result and resume it. No thread
    /// waits meanwhile, so many calls (on different instances) can be suspended at once.
    public func start(_ name: String, _ arguments: [ComponentValue]) throws(ComponentError) -> ComponentCallResult {
        let f = try callee(name, arguments)
        do {
            return try f.start(arguments)
        } catch {
            throw ComponentError.trapped(error)
        }
    }

    /// How many resource handles the instance's table holds (0 when every handle was dropped).
    public var liveHandleCount: Int { state.handles.liveCount }
}

extension InstantiatedComponent {
    /// Drops an owned handle the host received from the component (for example a resource an
    /// export returned): runs the resource's destructor.
    public func dropResource(_ handle: ResourceHandle) throws(ComponentError) {
        do {
            try runtime.destroy(handle, droppedBy: nil)
        } catch {
            throw ComponentError.trapped(error)
        }
    }
}
