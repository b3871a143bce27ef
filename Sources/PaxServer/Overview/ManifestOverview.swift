import Foundation
public import GRDB
public import PaxExchange
import PaxMessages
public import PaxRisk

/// The agency's overview of the manifests it holds, for its operators' console. It is written
/// in the transaction of every manifest change, so each console page is a few indexed reads
/// however much the store holds (10,000 manifests, 1,000,000 travellers):
///
/// - `overview_manifest`: one row per manifest: flight, departure, direction, peer, state, and
///   traveller and outcome counts; indexed by departure, and by direction, state and carrier
///   with departure.
/// - `overview_traveller`: one row per traveller who is not cleared or whom screening matched:
///   the outcome, the assessment (score and reasons) and, for manifests this agency screened,
///   the screening explanation. The hits queue is its not-cleared rows by departure (a
///   partial index), so it never reads the travellers who were cleared.
///
/// No name is copied here (the console joins `traveller_data`, which retention masks); reasons
/// and explanations may carry listed names, so retention removes them too (`remove`).
public enum ManifestOverview {
    /// The overview rows of one commit, computed before the commit from its effects.
    public struct Changes: Sendable {
        struct Manifest: Sendable {
            var submitter, messageId: String
            var own: Bool
            var peer, carrier: String
            var departure: Int64
            var state: String
            var flight: String
            var travellers: Int
            /// Cleared, inspect and no-board counts; nil when not known (kept as they were).
            var counts: (cleared: Int, inspect: Int, noBoard: Int)?
        }
        struct Traveller: Sendable {
            var submitter, messageId, reference: String
            var departure: Int64
            var outcome: String
            var assessment: Data?
            var explanation: Data?
        }
        struct Copy: Sendable {
            var submitter, messageId: String
            var kind: ReceivedCopies.Kind
            var bytes: [UInt8]
        }
        var manifests: [Manifest] = []
        var travellers: [Traveller] = []
        var copies: [Copy] = []
        var receivedAt: Int64 = 0

        public init() {}

        public var isEmpty: Bool { manifests.isEmpty && travellers.isEmpty && copies.isEmpty }

        /// Writes the rows inside the caller's transaction.
        public func apply(in db: Database) throws {
            // Cached statements: these run for every manifest event, the second once per traveller.
            for row in manifests {
                try db.cachedStatement(sql: """
                    INSERT INTO overview_manifest
                        (submitter, message_id, own, peer, carrier, departure_ms, state, flight, travellers, cleared, inspect, no_board)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (submitter, message_id) DO UPDATE SET
                        state = excluded.state, travellers = excluded.travellers,
                        cleared = coalesce(excluded.cleared, cleared), inspect = coalesce(excluded.inspect, inspect),
                        no_board = coalesce(excluded.no_board, no_board)
                    """).execute(arguments: [row.submitter, row.messageId, row.own ? 1 : 0, row.peer, row.carrier, row.departure, row.state,
                                     row.flight, row.travellers, row.counts?.cleared, row.counts?.inspect, row.counts?.noBoard])
            }
            for row in travellers {
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO overview_traveller
                        (submitter, message_id, traveller_ref, departure_ms, outcome, assessment, explanation)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [row.submitter, row.messageId, row.reference, row.departure, row.outcome, row.assessment,
                                     row.explanation])
            }
            for copy in copies {
                try ReceivedCopies.insert(submitter: copy.submitter, messageId: copy.messageId, kind: copy.kind, bytes: copy.bytes,
                                          receivedAt: receivedAt, in: db)
            }
        }
    }

    /// The overview rows for the manifests `effects` commit. A manifest received in `event`
    /// gets its screening (the event's precheck, or `screening` run again when there is
    /// none), its outcome counts and its frame as received; an own manifest the peer
    /// assessed gets the outcomes and the reasons of the assessment in `event`.
    /// `received` is the message `event` carries, decoded (nil for other events).
    public static func changes(for effects: [AgencyEffect], event: AgencyEvent, received message: SignedMessage?, agency: String,
                               screening: RiskEngine, now: ExchangeTime) -> Changes {
        var changes = Changes()
        changes.receivedAt = now
        var records: [ManifestRecord] = []
        for case .commit(let transaction) in effects {
            for case .putManifest(let record) in transaction.operations { records.append(record) }
        }
        guard !records.isEmpty else { return changes }
        let received = message.flatMap { ReceivedPayload(event, message: $0) }
        for record in records {
            let own = record.submitter == agency
            let departure = Int64(record.flight.scheduledDeparture.secondsSince1970) * 1000
            var counts: (cleared: Int, inspect: Int, noBoard: Int)?
            if own {
                counts = Self.counts(record.outcomes.values)
                if !record.outcomes.isEmpty {
                    let assessed = received?.assessment(of: record.messageId) ?? [:]
                    for (reference, outcome) in record.outcomes.sorted(by: { $0.key < $1.key }) {
                        let assessment = assessed[reference]
                        guard outcome != .cleared || !(assessment?.reasons.isEmpty ?? true) else { continue }
                        changes.travellers.append(Changes.Traveller(
                            submitter: record.submitter, messageId: record.messageId, reference: reference, departure: departure,
                            outcome: outcome.rawValue, assessment: assessment.flatMap { try? encoder.encode($0) }, explanation: nil))
                    }
                }
            } else if record.state == .received, let received, let manifest = received.manifest(record) {
                let risks = received.risks(of: manifest) ?? manifest.travelers.map { screening.assess($0, flight: manifest.flight) }
                counts = Self.counts(risks.map(\.outcome))
                let entries = screening.screener?.watchList.entries ?? []
                for risk in risks where risk.outcome != .cleared || !risk.watchListHits.isEmpty || !risk.ruleHits.isEmpty {
                    let explanation = ScreeningExplanation(risk: risk, entries: entries)
                    changes.travellers.append(Changes.Traveller(
                        submitter: record.submitter, messageId: record.messageId, reference: risk.travelerReference,
                        departure: departure, outcome: risk.outcome.rawValue, assessment: try? encoder.encode(risk.assessment),
                        explanation: explanation.isEmpty ? nil : try? encoder.encode(explanation)))
                }
                changes.copies.append(Changes.Copy(submitter: record.submitter, messageId: record.messageId, kind: .frame,
                                                   bytes: received.frame))
            }
            changes.manifests.append(Changes.Manifest(
                submitter: record.submitter, messageId: record.messageId, own: own, peer: own ? record.receiver : record.submitter,
                carrier: record.flight.carrier, departure: departure, state: record.state.rawValue,
                flight: String(decoding: (try? encoder.encode(record.flight)) ?? Data("{}".utf8), as: UTF8.self),
                travellers: record.travelers.count, counts: counts))
        }
        return changes
    }

    static func counts(_ outcomes: some Sequence<TravelerAssessment.Outcome>) -> (cleared: Int, inspect: Int, noBoard: Int) {
        var counts = (cleared: 0, inspect: 0, noBoard: 0)
        for outcome in outcomes {
            switch outcome {
            case .cleared: counts.cleared += 1
            case .inspect: counts.inspect += 1
            case .noBoard: counts.noBoard += 1
            }
        }
        return counts
    }

    /// The message an event received: its frame, and its payload decoded (the precheck's when
    /// it was computed from this payload, else decoded here).
    struct ReceivedPayload {
        /// The bytes as they arrived, when they arrived as a frame.
        var arrivedFrame: [UInt8]?
        var signed: SignedMessage
        var message: PaxMessage?
        var precheckRisks: [TravelerRisk]?

        /// The message as a frame (its one wire encoding), made only when a copy is kept.
        var frame: [UInt8] { arrivedFrame ?? WireFrame.encode(signed) }

        init?(_ event: AgencyEvent, message signed: SignedMessage) {
            self.signed = signed
            let precheck: PayloadPrecheck?
            switch event {
            case .received(let frame, let check):
                arrivedFrame = frame
                precheck = check
            case .authenticated(_, let check):
                precheck = check
            case .submit, .recordLocal, .ask, .timerFired, .restarted: return nil
            }
            if let precheck, precheck.digest == signed.payloadDigest, case .success(let message) = precheck.result {
                self.message = message
                precheckRisks = precheck.risks
            } else {
                message = try? PaxMessage.decode(bytes: signed.payload)
            }
        }

        func manifest(_ record: ManifestRecord) -> TravelerManifest? {
            guard case .manifest(let manifest)? = message, manifest.header.messageId == record.messageId,
                  manifest.travelers.map(\.reference) == record.travelers.map(\.reference) else { return nil }
            return manifest
        }

        /// The precheck's risks when there is one per traveller, in order.
        func risks(of manifest: TravelerManifest) -> [TravelerRisk]? {
            guard let precheckRisks, precheckRisks.map(\.travelerReference) == manifest.travelers.map(\.reference) else { return nil }
            return precheckRisks
        }

        func assessment(of manifestId: String) -> [String: TravelerAssessment]? {
            guard case .riskAssessment(let assessment)? = message, assessment.manifestMessageId == manifestId else { return nil }
            return Dictionary(assessment.assessments.map { ($0.travelerReference, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    // MARK: Retention

    /// Removes the reasons and screening explanations of the travellers of manifests `ids`
    /// (their outcomes stay); returns how many rows lost them.
    static func removeReasons(ofManifests ids: [String], in db: Database) throws -> Int {
        var count = 0
        for id in ids {
            try db.execute(sql: """
                UPDATE overview_traveller SET assessment = NULL, explanation = NULL, removed = 1
                WHERE message_id = ? AND removed = 0
                """, arguments: [id])
            count += db.changesCount
        }
        return count
    }

    // MARK: Schema

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE overview_manifest (
                submitter TEXT NOT NULL,
                message_id TEXT NOT NULL,
                own INTEGER NOT NULL,
                peer TEXT NOT NULL,
                carrier TEXT NOT NULL,
                departure_ms INTEGER NOT NULL,
                state TEXT NOT NULL,
                flight TEXT NOT NULL,
                travellers INTEGER NOT NULL,
                cleared INTEGER,
                inspect INTEGER,
                no_board INTEGER,
                PRIMARY KEY (submitter, message_id)
            );
            CREATE INDEX overview_manifest_departure ON overview_manifest(departure_ms, message_id);
            CREATE INDEX overview_manifest_own ON overview_manifest(own, departure_ms, message_id);
            CREATE INDEX overview_manifest_state ON overview_manifest(state, departure_ms, message_id);
            CREATE INDEX overview_manifest_carrier ON overview_manifest(carrier, departure_ms, message_id);
            CREATE TABLE overview_traveller (
                submitter TEXT NOT NULL,
                message_id TEXT NOT NULL,
                traveller_ref TEXT NOT NULL,
                departure_ms INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                assessment BLOB,
                explanation BLOB,
                removed INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (submitter, message_id, traveller_ref)
            );
            CREATE INDEX overview_traveller_queue ON overview_traveller(departure_ms, message_id, traveller_ref)
                WHERE outcome <> 'Cleared';
            CREATE INDEX overview_traveller_message ON overview_traveller(message_id);
            """)
    }

    /// Fills the overview from the manifests a database already holds (the migration that
    /// adds it): counts and outcomes from own records and from the assessments this agency
    /// sent (while their payload is kept); no screening explanations (not kept then). Reads the
    /// schema it finds (migration v7 runs it before frames and travellers had tables of their own).
    static func backfill(_ db: Database) throws {
        let decoder = JSONDecoder()
        for row in try Row.fetchAll(db, sql: try ManifestTravelersTable.select(in: db)) {
            guard let data = try? ManifestTravelersTable.record(row),
                  var record = try? decoder.decode(ManifestRecord.self, from: data) else { continue }
            let own = record.state != .received
            var assessed: [String: TravelerAssessment] = [:]
            if !own {
                let id = MessageNamespace.assessmentId(by: record.receiver, answering: record.messageId)
                if let frame = try OutboxFrameTable.frame(of: id, in: db),
                   let signed = try? WireFrame.decode(Array(frame)),
                   case .riskAssessment(let assessment)? = try? PaxMessage.decode(bytes: signed.payload) {
                    assessed = Dictionary(assessment.assessments.map { ($0.travelerReference, $0) }, uniquingKeysWith: { first, _ in first })
                    record.outcomes = assessed.mapValues(\.outcome)
                }
            }
            let departure = Int64(record.flight.scheduledDeparture.secondsSince1970) * 1000
            var changes = Changes()
            for (reference, outcome) in record.outcomes.sorted(by: { $0.key < $1.key }) {
                let assessment = assessed[reference]
                guard outcome != .cleared || !(assessment?.reasons.isEmpty ?? true) else { continue }
                changes.travellers.append(Changes.Traveller(
                    submitter: record.submitter, messageId: record.messageId, reference: reference, departure: departure,
                    outcome: outcome.rawValue, assessment: assessment.flatMap { try? encoder.encode($0) }, explanation: nil))
            }
            changes.manifests.append(Changes.Manifest(
                submitter: record.submitter, messageId: record.messageId, own: own, peer: own ? record.receiver : record.submitter,
                carrier: record.flight.carrier, departure: departure, state: record.state.rawValue,
                flight: String(decoding: (try? encoder.encode(record.flight)) ?? Data("{}".utf8), as: UTF8.self),
                travellers: record.travelers.count,
                counts: own || !record.outcomes.isEmpty ? counts(record.outcomes.values) : nil))
            try changes.apply(in: db)
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
