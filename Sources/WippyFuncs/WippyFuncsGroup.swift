import ComponentModel
import Synchronization

/// The `funcs` host group: `wippy:runtime/funcs@0.1.0` (DESIGN.md §7).
///
/// `call-string(target, input) -> result<string, string>` and
/// `call-bytes(target, input) -> result<list<u8>, string>` call another entry of the registry by
/// its ID. The caller's execution suspends until the target answers (no thread waits); every
/// failure comes back as `err(message)`, never as a trap of the caller. The registry is found in
/// the calling instance's ``FuncsSession``.
public let wippyFuncsGroup = HostGroup(name: "funcs") { linker throws(ComponentError) in
    let iface = "wippy:runtime/funcs@0.1.0"
    try linker.defineFunction("\(iface)#call-string") { call in
        try FuncsCall.start(call, wantsBytes: false)
    }
    try linker.defineFunction("\(iface)#call-bytes") { call in
        try FuncsCall.start(call, wantsBytes: true)
    }
}

/// One `call-string` / `call-bytes` call: checks, hands it to the registry, and answers at once
/// (the target finished before `call` returned) or suspends the guest until it does.
enum FuncsCall {
    struct ArgumentError: Error, CustomStringConvertible {
        let description: String
    }

    static func start(_ call: ComponentHostCall, wantsBytes: Bool) throws -> ComponentHostReply {
        guard call.arguments.count == 2, case .string(let target) = call.arguments[0] else {
            throw ArgumentError(description: "\(call.name): expected (target: string, input)")
        }
        let input: FuncsPayload
        switch call.arguments[1] {
        case .string(let text): input = .string(text)
        case .bytes(let bytes): input = .bytes(bytes)
        case .list(let items):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(items.count)
            for item in items {
                guard case .u8(let byte) = item else { throw ArgumentError(description: "\(call.name): input is not a list<u8>") }
                bytes.append(byte)
            }
            input = .bytes(bytes)
        default: throw ArgumentError(description: "\(call.name): input is not a string or list<u8>")
        }
        if let problem = FuncsLimits.targetProblem(target) { return .value(err(problem)) }
        guard input.byteCount <= FuncsLimits.maxInputBytes else {
            return .value(err("\(target): input of \(input.byteCount) bytes is over the limit of \(FuncsLimits.maxInputBytes) bytes"))
        }
        guard let session = call.state[FuncsSession.self] else {
            return .value(err("\(target): this instance has no registry to call into"))
        }
        let reply = ReplyBox(target: target, wantsBytes: wantsBytes, deliver: session.deliver)
        session.targets.call(FuncsRequest(target: target, input: input, depth: session.depth, callChain: session.callChain)) { reply.complete($0) }
        return reply.answer()
    }

    static func err(_ message: String) -> ComponentValue {
        .result(isOK: false, payload: .string(message))
    }

    /// The target's answer as the WIT result the guest expects.
    static func value(_ result: Result<FuncsPayload, FuncsFailure>, target: String, wantsBytes: Bool) -> ComponentValue {
        switch result {
        case .failure(let failure): return err(failure.message)
        case .success(.bytes(let bytes)) where wantsBytes: return .result(isOK: true, payload: .bytes(bytes))
        case .success(.string(let text)) where !wantsBytes: return .result(isOK: true, payload: .string(text))
        case .success(.string(let text)): return .result(isOK: true, payload: .bytes(Array(text.utf8)))
        case .success(.bytes(let bytes)):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return err("\(target): the result is not valid UTF-8")
            }
            return .result(isOK: true, payload: .string(text))
        }
    }

    /// Meets the target's completion (any thread) and the host call's return (the guest's
    /// thread), whichever comes second delivering the result.
    final class ReplyBox: @unchecked Sendable {
        private enum State {
            case calling
            case finished(Result<FuncsPayload, FuncsFailure>)
            case waiting(ComponentPendingResult)
        }

        /// Guards ``state`` (which holds a non-Sendable pending result).
        private let lock = Mutex<Void>(())
        private var state = State.calling
        private let target: String
        private let wantsBytes: Bool
        private let deliver: @Sendable (@escaping @Sendable () -> Void) -> Void

        init(target: String, wantsBytes: Bool, deliver: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
            self.target = target
            self.wantsBytes = wantsBytes
            self.deliver = deliver
        }

        /// Called once with the target's outcome.
        func complete(_ result: Result<FuncsPayload, FuncsFailure>) {
            let waiting: ComponentPendingResult? = lock.withLock { _ in
                if case .waiting(let pending) = state { return pending }
                state = .finished(result)
                return nil
            }
            guard let waiting else { return }
            let resolution = Resolution(pending: waiting, value: FuncsCall.value(result, target: target, wantsBytes: wantsBytes))
            deliver { resolution.run() }
        }

        /// The host call's reply: the value when the target already finished, else pending.
        func answer() -> ComponentHostReply {
            let finished: Result<FuncsPayload, FuncsFailure>? = lock.withLock { _ in
                if case .finished(let result) = state { return result }
                return nil
            }
            if let finished { return .value(FuncsCall.value(finished, target: target, wantsBytes: wantsBytes)) }
            // Made only when the target has not answered yet (most calls answer at once).
            let pending = ComponentPendingResult()
            let raced: Result<FuncsPayload, FuncsFailure>? = lock.withLock { _ in
                if case .finished(let result) = state { return result }
                state = .waiting(pending)
                return nil
            }
            if let raced { return .value(FuncsCall.value(raced, target: target, wantsBytes: wantsBytes)) }
            return .pending(pending)
        }
    }

    /// A pending result and its value, carried to the guest's thread.
    final class Resolution: @unchecked Sendable {
        let pending: ComponentPendingResult
        let value: ComponentValue
        init(pending: ComponentPendingResult, value: ComponentValue) {
            self.pending = pending
            self.value = value
        }
        func run() { pending.resolve(value) }
    }
}
