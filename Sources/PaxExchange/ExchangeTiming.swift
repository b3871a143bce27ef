/// Retry, replay and dedup timing of an agency, checked for consistency when made.
///
/// Attempt `n` (1-based) is followed, if unanswered, by a wait drawn from
/// `[d/2, d]` with `d = min(retryBase * 2^(n-1), retryCap)` ("equal jitter"); after the last
/// attempt the sender waits `retryCap` more, then gives up and alerts. No attempt is made
/// after `createdAt + retryHorizon`, so every copy of a message arrives inside the
/// receiver's replay window; the dedup window outlives the replay window, so a duplicate
/// that passes the replay check is always recognised.
public struct ExchangeTiming: Sendable, Hashable {
    public var retryBase: ExchangeTime
    public var retryCap: ExchangeTime
    /// Sends of one message, the first included.
    public var maxAttempts: Int
    public var replayWindow: ExchangeTime
    /// Largest clock difference between agencies tolerated in the replay check.
    public var skewTolerance: ExchangeTime
    public var dedupWindow: ExchangeTime
    /// How long a sender waits, after its manifest is delivered, for the risk assessment.
    public var assessmentDeadline: ExchangeTime

    public init(retryBase: ExchangeTime = 1_000, retryCap: ExchangeTime = 30_000, maxAttempts: Int = 10,
                replayWindow: ExchangeTime = 600_000, skewTolerance: ExchangeTime = 60_000,
                dedupWindow: ExchangeTime = 1_800_000, assessmentDeadline: ExchangeTime = 900_000) throws(TimingError) {
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.maxAttempts = maxAttempts
        self.replayWindow = replayWindow
        self.skewTolerance = skewTolerance
        self.dedupWindow = dedupWindow
        self.assessmentDeadline = assessmentDeadline
        guard retryBase > 0, retryCap >= retryBase, maxAttempts >= 1 else {
            throw TimingError("retry base, cap and attempts must be positive (cap >= base)")
        }
        guard replayWindow > retryHorizon + skewTolerance else {
            throw TimingError("replay window \(replayWindow) ms must exceed the retry horizon \(retryHorizon) ms plus the skew tolerance \(skewTolerance) ms")
        }
        guard dedupWindow > replayWindow + 2 * skewTolerance else {
            throw TimingError("dedup window \(dedupWindow) ms must exceed the replay window \(replayWindow) ms plus twice the skew tolerance")
        }
        guard assessmentDeadline > retryHorizon else {
            throw TimingError("assessment deadline \(assessmentDeadline) ms must exceed the retry horizon \(retryHorizon) ms")
        }
    }

    /// The defaults (valid by construction).
    public static let standard: ExchangeTiming = {
        do { return try ExchangeTiming() } catch let error as TimingError { preconditionFailure(error.description) } catch { preconditionFailure("\(error)") }
    }()

    /// Longest wait after attempt `attempt` before the next one (or before giving up).
    public func maximumWait(after attempt: Int) -> ExchangeTime {
        guard attempt < maxAttempts else { return retryCap }
        let shift = min(attempt - 1, 40)
        let exponential = retryBase.multipliedReportingOverflow(by: Int64(1) << shift)
        return exponential.overflow ? retryCap : min(exponential.partialValue, retryCap)
    }

    /// From the first send to giving up, at most.
    public var retryHorizon: ExchangeTime {
        (1...maxAttempts).reduce(0) { $0 + maximumWait(after: $1) }
    }

    /// The wait after `attempt`, jittered by `draw` (any 64-bit random value).
    public func wait(after attempt: Int, draw: UInt64) -> ExchangeTime {
        let most = maximumWait(after: attempt)
        let half = most / 2
        return most - half + Int64(draw % UInt64(half + 1))
    }
}

/// An inconsistent timing configuration, with the rule it breaks.
public struct TimingError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
