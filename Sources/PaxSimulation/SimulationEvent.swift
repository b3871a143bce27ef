import PaxExchange

/// Something due at one instant of a simulated run, waiting in the `Scheduler`'s queue.
/// Agencies are named by their index in `SimulatedAgencies`.
enum SimulationEvent {
    /// Submission `i` of the traffic is due at its submitter.
    case submit(Int)
    /// Local manifest `i` (a flight to a third country) is recorded by its agency.
    case recordLocal(Int)
    /// Assistance query `i` is asked.
    case ask(Int)
    /// Bytes arrive at an agency; `ending` is the sender's delivery this arrival ends (nil for
    /// a frame outside any sender's delivery window: another copy, an attacker's frame).
    case deliver(agency: Int, bytes: [UInt8], ending: DeliveryEnd?)
    /// An agency's timer, armed in its `epoch` (a restart disarms it).
    case timer(agency: Int, epoch: Int, AgencyTimer)
    /// An agency is armed to crash during its next event.
    case crash(agency: Int, stage: CrashStage, downtime: Int64)
    case restart(agency: Int)
    /// The link is cut (`true`) or restored.
    case partition(start: Bool)
    /// The attacker's forgery or replay around submission `i`.
    case forge(Int)
    /// The byzantine peer's attack around submission `i`.
    case byzantine(Int)
}

/// A delivery from one agency's `DeliveryWindow` ending: the frame reached `peer` (which
/// handled it, or was down). Ignored once the sender has crashed since (`epoch`).
struct DeliveryEnd {
    var sender: Int
    var epoch: Int
    var peer: String
    var messageId: String
}
