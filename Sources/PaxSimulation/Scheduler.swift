import PaxGenerator

/// The run's time and chance: the virtual clock, the events due in (time, sequence) order,
/// and the one seeded generator every draw of the run comes from (keys, ids, nonces, delays,
/// faults). Every part draws from it in the order the events run, so one seed gives one run.
struct Scheduler {
    /// Virtual milliseconds (the traffic's day), the time of the event being handled.
    private(set) var now: Int64 = 0
    var random: SeededRandom
    private var queue = EventQueue<SimulationEvent>()

    init(random: SeededRandom) {
        self.random = random
    }

    mutating func schedule(_ event: SimulationEvent, at time: Int64) {
        queue.schedule(event, at: time)
    }

    /// The next event due, with the clock moved to its time; nil when nothing is left.
    mutating func next() -> SimulationEvent? {
        guard let (time, _, event) = queue.pop() else { return nil }
        now = time
        return event
    }

    /// True with probability `p` (nothing is drawn when `p` is 0).
    mutating func chance(_ p: Double) -> Bool {
        guard p > 0 else { return false }
        return Double(random.next() >> 11) * 0x1p-53 < p
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { random.below(bound) }
}
