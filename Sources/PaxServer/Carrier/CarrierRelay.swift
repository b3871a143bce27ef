import Synchronization
import PaxExchange

/// Hands the agency's "manifest settled" events to the carrier desk, which is made after the
/// agency (the desk needs the agency; the agency's event callback is fixed when it is made).
final class CarrierRelay: Sendable {
    private let desk = Mutex<CarrierDesk?>(nil)

    func attach(_ desk: CarrierDesk) { self.desk.withLock { $0 = desk } }

    /// A settled manifest of this agency: the desk makes its CUSRES if a carrier sent it.
    func forward(_ event: LiveAgencyEvent) {
        guard case .manifest(let record) = event, record.state.isTerminal, record.messageId.contains(":CAR:"),
              let desk = desk.withLock({ $0 }) else { return }
        let id = record.messageId
        Task { await desk.settle(manifestId: id) }
    }
}
