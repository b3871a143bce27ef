/// A fixed discrete distribution over values, with integer weights so that a draw is exact
/// integer arithmetic (no floating point to round differently on another machine).
public struct WeightedChoice<Value: Sendable>: Sendable {
    public let values: [Value]
    private let cumulative: [Int]

    /// `weighted` pairs each value with its relative weight; zero weights are never drawn.
    /// An empty list, or all weights zero, is a programming error caught at build time by tests.
    public init(_ weighted: [(Value, Int)]) {
        var values: [Value] = []
        var cumulative: [Int] = []
        var total = 0
        for (value, weight) in weighted where weight > 0 {
            total += weight
            values.append(value)
            cumulative.append(total)
        }
        self.values = values
        self.cumulative = cumulative
    }

    /// The sum of the weights.
    public var totalWeight: Int { cumulative.last ?? 0 }

    /// One value, with probability proportional to its weight.
    public func draw(_ random: inout SeededRandom) -> Value {
        let target = random.below(totalWeight)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return values[low]
    }
}
