import PaxExchange

/// Something due at one instant of a simulated run, waiting in the `Scheduler`'s queue.
/// Agencies are named by their index in `SimulatedAgencies`, instances by their index in
/// their agency.
enum SimulationEvent {
    /// Submission `i` of the traffic is due at its submitter.
    case submit(Int)
    /// Local manifest `i` (a flight to a third country) is recorded by its agency.
    case recordLocal(Int)
    /// Assistance query `i` is asked.
    case ask(Int)
    /// Bytes arrive at an agency, at the instance `route` picks; `origin` is the sending
    /// instance (its answer goes back to it); `ending` is the sender's delivery this arrival
    /// ends (nil for a frame outside any sender's delivery window: another copy, an attacker's
    /// frame).
    case deliver(agency: Int, route: InstanceRoute, origin: Int, bytes: [UInt8], ending: DeliveryEnd?)
    /// An instance's timer, armed in its `epoch` (a restart disarms it).
    case timer(agency: Int, instance: Int, epoch: Int, AgencyTimer)
    /// An instance is armed to crash during its next event.
    case crash(agency: Int, instance: Int, stage: CrashStage, downtime: Int64)
    case restart(agency: Int, instance: Int)
    /// An instance of an agency with a shared store claims its due outgoing messages (its
    /// poller's tick; a later `generation` replaces it).
    case poll(agency: Int, instance: Int, generation: Int)
    /// The link is cut (`true`) or restored.
    case partition(start: Bool)
    /// The attacker's forgery or replay around submission `i`.
    case forge(Int)
    /// The byzantine peer's attack around submission `i`.
    case byzantine(Int)
}

/// A delivery from one instance's `DeliveryWindow` ending: the frame reached `peer` (which
/// handled it, or was down). Ignored once the sending instance has crashed since (`epoch`).
struct DeliveryEnd {
    var sender: Int
    var instance: Int
    var epoch: Int
    var peer: String
    var messageId: String
}

extension SimulationEvent {
    /// Bytes from outside any agency's delivery window (an attacker, the byzantine peer) for
    /// agency `a`, reaching the instance its peers prefer.
    static func arrival(at a: Int, _ bytes: [UInt8]) -> SimulationEvent {
        .deliver(agency: a, route: .preferred, origin: 0, bytes: bytes, ending: nil)
    }
}
