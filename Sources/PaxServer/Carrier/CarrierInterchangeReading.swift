import Foundation
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxMessages

/// What the carrier API makes of one received interchange, before anything is stored: the
/// CONTRL to answer with and, when the interchange is acknowledged, the one passenger or crew
/// list it carries. Pure (no I/O), so handler tests and the desk share it.
struct CarrierInterchangeReading: Sendable {
    /// The interchange control reference (UNB 0020) when it can key the interchange: 1 to 14
    /// letters or digits. Nil when reading stopped before it or it holds anything else.
    var reference: String?
    var report: ControlReport
    /// The list to forward (nil when the CONTRL rejects).
    var manifest: PAXLSTManifest?

    var accepted: Bool { manifest != nil }

    /// Reads `bytes` leniently (real transmissions carry telex headers and wrapped lines; what
    /// was cleaned is acknowledged with its warning codes). Rejected: a syntax error, a message
    /// that is not PAXLST, a PAXLST the mapping cannot read, more than one list, no list.
    static func read(_ bytes: [UInt8], carrier: String, agency: String) -> CarrierInterchangeReading {
        var reader = InterchangeReader(options: .lenient)
        var messages: [EDIFACTMessage] = []
        var failure: EDIFACTDiagnostic?
        do throws(EDIFACTError) {
            try reader.feed(bytes) { messages.append($0) }
            try reader.finish()
        } catch {
            failure = error.diagnostic
        }
        var diagnostics = reader.diagnostics
        let header = reader.interchanges.first
            ?? InterchangeHeader(sender: PartyIdentification(id: carrier), recipient: PartyIdentification(id: agency),
                                 date: "", time: "", controlReference: "")
        if failure == nil && reader.interchanges.count > 1, let second = reader.interchanges.dropFirst().first {
            failure = EDIFACTDiagnostic(.error, .envelopeStructure, at: second.position, tag: "UNB",
                                        "one interchange per request on the carrier API")
        }
        var manifest: PAXLSTManifest?
        if failure == nil {
            let (mapped, problems) = PAXLSTReader().manifests(from: messages)
            diagnostics += problems
            for result in mapped { diagnostics += result.diagnostics }
            if mapped.count > 1, let extra = messages.first(where: { $0.header.reference == mapped[1].parts.first }) {
                diagnostics.append(EDIFACTDiagnostic(.error, .envelopeStructure, at: extra.header.position, tag: "UNH",
                                                     "one passenger or crew list per interchange on the carrier API"))
            }
            if messages.isEmpty {
                failure = EDIFACTDiagnostic(.error, .missing, at: header.position, tag: "UNB", "the interchange holds no message")
            } else if mapped.count == 1, !diagnostics.contains(where: { $0.severity == .error }) {
                manifest = mapped[0]
            }
        }
        var report = ControlReport(interchange: header, messages: messages, diagnostics: diagnostics, failure: failure)
        if manifest == nil {
            report.action = .rejected
            if report.error == nil, failure == nil, messages.isEmpty {
                report.error = EDIFACTDiagnosticCode.missing.syntaxErrorCode
            }
        } else if report.action == .rejected || report.messages.contains(where: { $0.action == .rejected }) {
            manifest = nil
            report.action = .rejected
        }
        let reference = header.controlReference
        let usable = (1...14).contains(reference.utf8.count) && reference.utf8.allSatisfy { CarrierAccount.isAlphanumeric($0) }
        return CarrierInterchangeReading(reference: usable ? reference : nil, report: report, manifest: manifest)
    }

    /// The CONTRL interchange: from the reported interchange's recipient to its sender, under
    /// `controlReference`, dated `now` (UTC).
    func contrl(controlReference: String, now: Date) -> [UInt8] {
        let (date, time) = CarrierInterchangeReading.stamp(now)
        var report = self.report
        if report.sender.id.isEmpty { report.sender = PartyIdentification(id: "UNKNOWN") }
        if report.recipient.id.isEmpty { report.recipient = PartyIdentification(id: "UNKNOWN") }
        return (try? report.interchange(reference: controlReference, date: date, time: time)) ?? []
    }

    /// `YYMMDD` and `HHMM` in UTC.
    static func stamp(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", (value ?? 0) % 100) }
        return (two(parts.year) + two(parts.month) + two(parts.day), two(parts.hour) + two(parts.minute))
    }
}
