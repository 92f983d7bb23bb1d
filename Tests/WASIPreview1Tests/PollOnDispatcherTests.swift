import Testing
import WasmInterpreter
import WasmText
import WasmValidation
import WASIHost
import WASIPreview1

/// A command whose `poll_oneoff` waits 20 ms on the monotonic clock, then checks the event.
let pollingCommand = """
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i64.store (i32.const 0) (i64.const 42))        ;; userdata
    (i32.store8 (i32.const 8) (i32.const 0))        ;; clock subscription
    (i32.store (i32.const 16) (i32.const 1))        ;; monotonic
    (i64.store (i32.const 24) (i64.const 20000000)) ;; 20 ms, relative
    (if (i32.ne (call $poll (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)) (i32.const 0))
      (then (call $exit (i32.const 2))))
    (if (i64.ne (i64.load (i32.const 100)) (i64.const 42)) (then (call $exit (i32.const 3))))
    (if (i32.ne (i32.load (i32.const 200)) (i32.const 1)) (then (call $exit (i32.const 4))))))
"""

/// `poll_oneoff` parks the guest on the dispatcher: other work on the same loop (a timer set
/// to fire in the middle of the guest's wait) runs while the guest waits, on the same thread.
@Test func pollOneoffParksTheGuestOnTheDispatcher() throws {
    let module = try validateModule(try parseWATModule(pollingCommand))
    let dispatcher = try Dispatcher()
    var others: [UInt64] = []
    let start = Dispatcher.now()
    dispatcher.addTimer(deadline: start + 5_000_000) { others.append(Dispatcher.now() - start) }
    let status = try WASIPreview1.runCommand(module, context: WASIContext(), dispatcher: dispatcher)
    #expect(status == 0)
    #expect(others.count == 1)
    #expect(Dispatcher.now() - start >= 20_000_000)
}
