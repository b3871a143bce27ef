/// The faults a simulation injects, parsed from `--faults`:
/// `drop=P,dup=P,delay=P[:SECONDS],corrupt=P,crash=N,partition=N[:SECONDS],skew=SECONDS,forge=P,byzantine=P`
/// (probabilities per message copy between 0 and 1; `none` or an empty spec for no faults,
/// `all` for a preset with every kind).
public struct FaultPlan: Sendable, Hashable {
    /// Probability that a sent message is lost.
    public var drop = 0.0
    /// Probability that a sent message arrives twice.
    public var duplicate = 0.0
    /// Probability that a copy is held back (which reorders it), and the longest hold.
    public var delay = 0.0
    public var maxDelaySeconds = 20.0
    /// Probability that a copy has one to three bytes flipped.
    public var corrupt = 0.0
    /// Agency crashes (each at a random moment, either agency, restarted after 1-60 s).
    public var crashes = 0
    /// Windows in which the link carries nothing, and their length.
    public var partitions = 0
    public var partitionSeconds = 60.0
    /// Largest clock offset of either agency from true time (each drawn in ±skew/2... ±skew).
    public var skewSeconds = 0.0
    /// Probability per submitted manifest that an attacker injects a forged or replayed frame.
    public var forge = 0.0
    /// Probability per submitted manifest that a byzantine peer (a third agency, correctly
    /// keyed and configured at both agencies) attacks: another agency's ids, its own ids
    /// reused for other bytes, acknowledgements and assessments of others' manifests,
    /// queries about others' travellers, largest and longest messages.
    public var byzantine = 0.0

    public init() {}

    /// Every fault kind at once, at moderate rates.
    public static let all: FaultPlan = {
        var plan = FaultPlan()
        plan.drop = 0.1
        plan.duplicate = 0.05
        plan.delay = 0.1
        plan.corrupt = 0.02
        plan.crashes = 2
        plan.partitions = 1
        plan.skewSeconds = 20
        plan.forge = 0.05
        plan.byzantine = 0.1
        return plan
    }()

    public static let keys = ["drop", "dup", "delay", "corrupt", "crash", "partition", "skew", "forge", "byzantine"]

    /// Parses a spec; the error names the offending key or value.
    public static func parse(_ spec: String) throws(FaultSpecError) -> FaultPlan {
        let trimmed = spec.trimmingWhitespace
        if trimmed.isEmpty || trimmed == "none" { return FaultPlan() }
        if trimmed == "all" { return .all }
        var plan = FaultPlan()
        for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw FaultSpecError("'\(item)' is not KEY=VALUE (keys: \(keys.joined(separator: ", ")))") }
            let key = String(parts[0]).trimmingWhitespace, value = String(parts[1]).trimmingWhitespace
            let pieces = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            func probability(_ text: String) throws(FaultSpecError) -> Double {
                guard let p = Double(text), p >= 0, p <= 1 else {
                    throw FaultSpecError("\(key)=\(value): '\(text)' is not a probability between 0 and 1")
                }
                return p
            }
            func count(_ text: String) throws(FaultSpecError) -> Int {
                guard let n = Int(text), n >= 0, n <= 1000 else {
                    throw FaultSpecError("\(key)=\(value): '\(text)' is not a count between 0 and 1000")
                }
                return n
            }
            func seconds(_ text: String) throws(FaultSpecError) -> Double {
                guard let s = Double(text), s >= 0, s <= 3600 else {
                    throw FaultSpecError("\(key)=\(value): '\(text)' is not a number of seconds between 0 and 3600")
                }
                return s
            }
            switch key {
            case "drop": plan.drop = try probability(value)
            case "dup": plan.duplicate = try probability(value)
            case "delay":
                plan.delay = try probability(pieces[0])
                if pieces.count == 2 { plan.maxDelaySeconds = try seconds(pieces[1]) }
            case "corrupt": plan.corrupt = try probability(value)
            case "crash": plan.crashes = try count(value)
            case "partition":
                plan.partitions = try count(pieces[0])
                if pieces.count == 2 { plan.partitionSeconds = try seconds(pieces[1]) }
            case "skew": plan.skewSeconds = try seconds(value)
            case "forge": plan.forge = try probability(value)
            case "byzantine": plan.byzantine = try probability(value)
            default: throw FaultSpecError("unknown fault '\(key)' (keys: \(keys.joined(separator: ", ")))")
            }
        }
        return plan
    }

    /// The spec that parses back to this plan (`byzantine` only when set, so specs printed
    /// before the key existed read the same).
    public var spec: String {
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
        return "drop=\(number(drop)),dup=\(number(duplicate)),delay=\(number(delay)):\(number(maxDelaySeconds)),corrupt=\(number(corrupt)),crash=\(crashes),partition=\(partitions):\(number(partitionSeconds)),skew=\(number(skewSeconds)),forge=\(number(forge))"
            + (byzantine > 0 ? ",byzantine=\(number(byzantine))" : "")
    }
}

/// A bad `--faults` spec.
public struct FaultSpecError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars = scalars.dropFirst() }
        while scalars.last?.isWhitespace == true { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
