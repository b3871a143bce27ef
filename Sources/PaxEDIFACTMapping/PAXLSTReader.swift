public import PaxEDIFACT
public import PaxMessages
import SafeXML

/// A manifest read from PAXLST, with what the mapping found and which messages it came from.
public struct PAXLSTManifest: Sendable {
    public var manifest: TravelerManifest
    /// The PAXLST directory of its (first) message.
    public var version: PAXLSTVersion
    /// Mapping diagnostics: values that are missing, invalid or have no place in the model.
    public var diagnostics: [EDIFACTDiagnostic]
    /// The UNH references of the parts it was merged from, in order.
    public var parts: [String]
    /// The segment each field came from, for diagnostics of the converted manifest.
    public var sources: PAXLSTSourceMap
}

/// Merges multi-part lists (UNH 0070 part number, 0073 `C` first / `F` last) as messages
/// arrive, one at a time: a manifest is handed over as soon as its last part is read, so a
/// streamed interchange holds at most one list in memory.
public struct PAXLSTMerger: Sendable {
    public let reader: PAXLSTReader
    private var pending: PAXLSTManifest?
    /// Messages that are not PAXLST, reported (and skipped) so far.
    public private(set) var diagnostics: [EDIFACTDiagnostic] = []

    public init(reader: PAXLSTReader = PAXLSTReader()) { self.reader = reader }

    /// Maps `message`; returns the manifests it completes (none, one, or a list left open
    /// before it and its own).
    public mutating func add(_ message: EDIFACTMessage) -> [PAXLSTManifest] {
        guard message.header.type == "PAXLST" else {
            diagnostics.append(EDIFACTDiagnostic(.error, .invalidValue, at: message.header.position.at(element: 2, component: 1),
                                                 tag: "UNH", "message type \(message.header.type) is not PAXLST"))
            return []
        }
        var done: [PAXLSTManifest] = []
        let part = reader.manifest(from: message)
        let number = message.header.partNumber
        var previous = pending
        pending = nil  // the list is moved out, so appending to it does not copy it
        if var open = previous, !number.isEmpty, message.header.partIndicator != "C",
           open.manifest.flight.carrier == part.manifest.flight.carrier,
           open.manifest.flight.flightNumber == part.manifest.flight.flightNumber {
            previous = nil
            open.manifest.travelers += part.manifest.travelers
            open.sources.travelers += part.sources.travelers
            open.diagnostics += part.diagnostics
            open.parts.append(message.header.reference)
            if part.manifest.totals != open.manifest.totals {
                open.diagnostics.append(EDIFACTDiagnostic(.warning, .invalidValue, at: message.header.position, tag: "CNT",
                                                          "part \(number) reports other totals than the first part"))
            }
            pending = open
        } else {
            if let open = previous { done.append(open) }
            pending = part
        }
        if message.header.partIndicator == "F" || number.isEmpty, let open = pending {
            done.append(open)
            pending = nil
        }
        return done
    }

    /// Ends the input: a list whose last part never came is handed over as it is.
    public mutating func finish() -> [PAXLSTManifest] {
        defer { pending = nil }
        return pending.map { [$0] } ?? []
    }
}

/// Maps PAXLST messages to manifests: the segment groups of the WCO/IATA/ICAO guide (SG1 NAD+MS
/// with COM, SG2/SG3 TDT with LOC/DTM, SG4 NAD FL/FM/DDU/DDT with ATT, DTM, MEA, GEI, FTX, LOC,
/// NAT, RFF, SG5 DOC with DTM and LOC, CNT). Multi-part lists (UNH 0070/0073) are merged; a
/// segment with no place in the model is kept as an extension element (see `EDIFACTExtension`).
public struct PAXLSTReader: Sendable {
    public var options: PAXLSTReadOptions

    public init(options: PAXLSTReadOptions = PAXLSTReadOptions()) {
        self.options = options
    }

    /// The manifests in `messages` (multi-part lists merged); non-PAXLST messages are reported.
    public func manifests(from messages: [EDIFACTMessage]) -> (manifests: [PAXLSTManifest], diagnostics: [EDIFACTDiagnostic]) {
        var merger = PAXLSTMerger(reader: self)
        var results: [PAXLSTManifest] = []
        for message in messages { results += merger.add(message) }
        results += merger.finish()
        return (results, merger.diagnostics)
    }

    /// One message as a manifest (one part of a multi-part list gives that part's travellers).
    public func manifest(from message: EDIFACTMessage) -> PAXLSTManifest {
        var mapping = MessageMapping(message: message, options: options)
        mapping.run()
        let manifest = mapping.result()
        return PAXLSTManifest(manifest: manifest, version: mapping.version, diagnostics: mapping.diagnostics,
                              parts: [message.header.reference], sources: mapping.sources)
    }
}
