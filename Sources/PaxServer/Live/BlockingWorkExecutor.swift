import Dispatch

/// A serial executor on its own dispatch queue, for an actor whose work blocks the thread
/// (SQLite commits waiting for `fsync`). Swift's cooperative pool has one thread per core;
/// a blocking wait there stalls every other task. A serial dispatch queue's thread comes from
/// dispatch's overcommitting pool instead (as GRDB's own writer queue does), so the actor may
/// block while tasks, the HTTP server and timers keep running.
final class BlockingWorkExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
