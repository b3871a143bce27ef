import Foundation
import Synchronization

/// Validates many inputs on all cores with one set of compiled schemas, and hands each outcome
/// to `emit` in input order as soon as it and everything before it are done.
public struct ConformanceRunner: Sendable {
    public let validator: FileValidator

    public init(options: ValidationOptions) { validator = FileValidator(options: options) }

    public func run(_ inputs: [ValidationInput], emit: @Sendable (FileOutcome) -> Void = { _ in }) -> [FileOutcome] {
        let requested = validator.options.jobs
        let jobs = max(1, min(inputs.count, requested > 0 ? requested : ProcessInfo.processInfo.activeProcessorCount))
        let state = RunState(count: inputs.count)
        let validator = self.validator
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while let index = state.claim() {
                let outcome = validator.validate(inputs[index])
                state.complete(index, outcome, emit: emit)
            }
        }
        return state.results()
    }
}

/// Work distribution and in-order emission shared by the worker threads.
private final class RunState: Sendable {
    private struct Inner {
        var next = 0
        var emitted = 0
        var outcomes: [FileOutcome?]
    }

    private let inner: Mutex<Inner>
    private let count: Int

    init(count: Int) {
        self.count = count
        inner = Mutex(Inner(outcomes: Array(repeating: nil, count: count)))
    }

    func claim() -> Int? {
        inner.withLock { state in
            guard state.next < count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func complete(_ index: Int, _ outcome: FileOutcome, emit: (FileOutcome) -> Void) {
        inner.withLock { state in
            state.outcomes[index] = outcome
            while state.emitted < count, let ready = state.outcomes[state.emitted] {
                emit(ready)
                state.emitted += 1
            }
        }
    }

    func results() -> [FileOutcome] {
        inner.withLock { $0.outcomes.compactMap { $0 } }
    }
}
