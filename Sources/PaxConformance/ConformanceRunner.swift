import PaxBase

/// Validates many inputs on all cores with one set of compiled schemas, and hands each outcome
/// to `emit` in input order as soon as it and everything before it are done.
public struct ConformanceRunner: Sendable {
    public let validator: FileValidator

    public init(options: ValidationOptions) { validator = FileValidator(options: options) }

    public func run(_ inputs: [ValidationInput], emit: @Sendable (FileOutcome) -> Void = { _ in }) -> [FileOutcome] {
        let requested = validator.options.jobs
        let validator = self.validator
        return ParallelWork.mapInOrder(count: inputs.count, workers: requested > 0 ? requested : ParallelWork.defaultWorkers,
                                       { validator.validate(inputs[$0]) }, emit: emit)
    }
}
