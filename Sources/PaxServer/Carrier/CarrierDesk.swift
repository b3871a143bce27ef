import Foundation
import GRDB
public import Logging
import PaxEDIFACT
import PaxEDIFACTMapping
import PaxExchange
import PaxMessages

/// The departure agency's desk for airlines (the carrier API behind `POST /carrier/paxlst` and
/// `GET /carrier/responses/{reference}`).
///
/// A carrier's interchange is read and answered with a CONTRL at once. An acknowledged list
/// becomes a manifest of this agency (id `AGENCY:CAR:CARRIER:REFERENCE`) submitted through the
/// signed exchange to the carrier's peer agency; the interchange's record (its CONTRL, what the
/// CUSRES needs) is committed with its audit records before the CONTRL leaves. When the
/// manifest settles (assessed, refused, undeliverable, unassessed) the desk makes the CUSRES,
/// keeps it, and pushes it to the carrier's callback if it has one.
///
/// Crash safety: the manifest is submitted (committed by the agency) before the interchange's
/// record, and the manifest id follows from (carrier, reference). A crash between the two
/// leaves a submitted manifest and no CONTRL sent: the carrier sends the interchange again,
/// the submission is found already made, and the record is written then; nothing reaches the
/// peer twice. A CUSRES not yet made when the agency stopped is made at the next start (the
/// desk looks at every unanswered interchange at start and every few seconds); owed callbacks
/// resume. A duplicate interchange reference gets its first CONTRL byte for byte.
public actor CarrierDesk {
    /// The answer to `POST /carrier/paxlst`.
    public struct Receipt: Sendable {
        /// 200 acknowledged, 422 rejected, 503 when nothing could be committed (send again).
        public var status: Int
        /// The CONTRL interchange (empty with 503).
        public var contrl: [UInt8]
        public var reference: String?
        public var duplicate: Bool
        public var accepted: Bool
    }

    /// The answer to `GET /carrier/responses/{reference}`.
    public enum Lookup: Sendable, Equatable {
        case ready([UInt8])
        case pending
        case rejected
        case unknown
    }

    public nonisolated let agencyId: String
    public nonisolated let accounts: [CarrierAccount]
    let store: CarrierStore
    let auditLog: AuditLog
    let agency: LiveAgency
    let logger: Logger
    let callbackClient: CarrierHTTPClient?
    /// Callback attempts per CUSRES before giving up, and the first retry's delay.
    let callbackAttempts: Int
    let callbackBaseDelay: Duration
    private var callbackTasks: [String: Task<Void, Never>] = [:]
    private var sweeper: Task<Void, Never>?
    private var stopped = false

    public init(agencyId: String, accounts: [CarrierAccount], database: AgencyDatabase, agency: LiveAgency, logger: Logger,
                callbackAttempts: Int = 8, callbackBaseDelay: Duration = .milliseconds(500)) {
        self.agencyId = agencyId
        self.accounts = accounts
        store = CarrierStore(database: database)
        auditLog = AuditLog(database: database)
        self.agency = agency
        self.logger = logger
        callbackClient = accounts.contains { $0.callbackURL != nil } ? CarrierHTTPClient(timeoutSeconds: 10, maxResponseBytes: 64 << 10) : nil
        self.callbackAttempts = max(1, callbackAttempts)
        self.callbackBaseDelay = callbackBaseDelay
    }

    // MARK: Authentication

    /// The carrier whose bearer token `authorization` carries (`Bearer TOKEN`); nil otherwise.
    /// Every configured digest is compared in full, so timing does not tell which came close.
    public nonisolated func authenticate(authorization: String?) -> CarrierAccount? {
        guard let authorization, authorization.utf8.count <= 1_024 else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let digest = CarrierAccount.bytes(hex: CarrierAccount.digestHex(ofToken: String(parts[1]))) ?? []
        var found: CarrierAccount?
        for account in accounts {
            var difference: UInt8 = 0
            for (a, b) in zip(account.tokenDigest, digest) { difference |= a ^ b }
            if difference == 0 && account.tokenDigest.count == digest.count { found = account }
        }
        return found
    }

    // MARK: Lifecycle

    /// Answers what was left unanswered before a stop, resumes owed callbacks, and from then
    /// on looks at unanswered interchanges every `sweepInterval`.
    public func start(sweepInterval: Duration = .seconds(2)) async {
        await sweep()
        do {
            for row in try await store.callbacksOwed() { scheduleCallback(row) }
        } catch {
            logger.error("carrier callbacks not resumed", metadata: ["error": "\(error)"])
        }
        sweeper = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: sweepInterval)
                guard !Task.isCancelled else { return }
                await self?.sweep()
            }
        }
    }

    /// Stops the sweeper and the callbacks (their progress is stored; they resume at the next start).
    public func shutdown() async {
        stopped = true
        sweeper?.cancel()
        let tasks = Array(callbackTasks.values)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        callbackTasks.removeAll()
        await callbackClient?.shutdown()
    }

    // MARK: Intake

    /// Reads, answers and (when acknowledged) forwards one interchange from `account`.
    public func receive(_ bytes: [UInt8], from account: CarrierAccount) async -> Receipt {
        let now = Date()
        let reading = CarrierInterchangeReading.read(bytes, carrier: account.carrier, agency: agencyId)
        guard let reference = reading.reference else {
            // Nothing to key it by: answered and audited, not stored.
            let contrl = reading.contrl(controlReference: "X" + String(Int64(now.timeIntervalSince1970 * 1000) % 1_000_000_000_000), now: now)
            _ = try? await auditLog.append(receiptEvent(account, reference: nil, outcome: "unreadable", bytes: bytes.count))
            _ = try? await auditLog.append(AuditEvent(kind: .contrlSent, actor: agencyId, details: ["carrier": account.carrier, "action": reading.report.action.rawValue]))
            return Receipt(status: 422, contrl: contrl, reference: nil, duplicate: false, accepted: false)
        }
        do {
            if let first = try await store.row(carrier: account.carrier, reference: reference) {
                try await auditLog.append(receiptEvent(account, reference: reference, outcome: "duplicate", bytes: bytes.count))
                return Receipt(status: first.accepted ? 200 : 422, contrl: first.contrl, reference: reference, duplicate: true,
                               accepted: first.accepted)
            }
        } catch {
            return unavailable(error, reference: reference)
        }
        var manifestId: String?
        var plan: CarrierAnswerPlan?
        var invalid: String?
        if let read = reading.manifest {
            var manifest = read.manifest
            plan = CarrierAnswerPlan(manifest: manifest, version: read.version)
            let id = "\(agencyId):CAR:\(account.carrier):\(reference)"
            manifest.header.messageId = id
            manifest.header.correlationId = nil
            manifest.header.sender = agencyId
            manifest.header.receiver = account.peer
            manifest.header.createdAt = ExchangeTimeText.timestamp(LiveAgency.now())
            invalid = Self.problems(of: manifest)
            if invalid == nil {
                do throws(OperatorRequestError) {
                    _ = try await agency.submit(manifest)
                } catch {
                    // 409: submitted before a crash took the record; the same list, under the same id.
                    if error.status != 409 { return unavailable(error, reference: reference) }
                }
                manifestId = id
            }
        }
        let forwardedId = manifestId
        let row = CarrierStore.Row(carrier: account.carrier, reference: reference, receivedAtMilliseconds: LiveAgency.now(),
                                   contrl: [], accepted: reading.accepted, manifestId: manifestId, plan: plan, cusres: nil,
                                   callbackAttempts: 0, callbackDone: false)
        let stored: CarrierStore.Row
        let inserted: Bool
        do {
            (stored, inserted) = try await store.database.pool.write { [agencyId, auditLog] db in
                if let first = try Self.existing(account.carrier, reference, db) { return (first, false) }
                var row = row
                row.contrl = reading.contrl(controlReference: try CarrierStore.nextControlReference(db), now: now)
                try CarrierStore.insert(row, in: db)
                if let forwardedId {
                    try ReceivedCopies.insert(submitter: agencyId, messageId: forwardedId, kind: .paxlst, bytes: bytes,
                                              receivedAt: row.receivedAtMilliseconds, in: db)
                }
                try auditLog.append(Self.receiptEvent(agencyId, account, reference: reference,
                                                      outcome: reading.accepted ? (forwardedId == nil ? "invalid-manifest" : "forwarded") : "rejected",
                                                      bytes: bytes.count, manifestId: forwardedId), in: db)
                try auditLog.append(AuditEvent(kind: .contrlSent, actor: agencyId, messageId: forwardedId,
                                               details: ["carrier": account.carrier, "reference": reference,
                                                         "action": reading.report.action.rawValue]), in: db)
                return (row, true)
            }
        } catch {
            return unavailable(error, reference: reference)
        }
        if !inserted {
            // The same reference arrived twice at once and the other request stored it first.
            return Receipt(status: stored.accepted ? 200 : 422, contrl: stored.contrl, reference: reference, duplicate: true,
                           accepted: stored.accepted)
        }
        if let invalid, let plan {
            await answer(stored, plan: plan, outcomes: [:], problem: invalid)
        } else if let manifestId {
            await settle(manifestId: manifestId)
        }
        return Receipt(status: stored.accepted ? 200 : 422, contrl: stored.contrl, reference: reference, duplicate: false,
                       accepted: stored.accepted)
    }

    /// The CUSRES for `reference`, if made; audited when handed out.
    public func response(reference: String, carrier: String) async -> Lookup {
        guard let row = try? await store.row(carrier: carrier, reference: reference) else { return .unknown }
        guard row.accepted else { return .rejected }
        guard let cusres = row.cusres else { return .pending }
        _ = try? await auditLog.append(AuditEvent(kind: .cusresSent, actor: agencyId, messageId: row.manifestId,
                                              details: ["carrier": carrier, "reference": reference, "delivery": "fetched"]))
        return .ready(cusres)
    }

    // MARK: Answers

    /// Makes the CUSRES for `manifestId` if it is a carrier's and has settled.
    public func settle(manifestId: String) async {
        guard !stopped, let row = try? await store.row(manifestId: manifestId), row.cusres == nil, let plan = row.plan,
              let record = await agency.ownManifestRecord(manifestId), record.state.isTerminal else { return }
        await answer(row, plan: plan, outcomes: record.outcomes,
                     problem: CarrierAnswerPlan.problem(for: record.state, peer: record.receiver))
    }

    /// Looks at every accepted interchange still without its CUSRES.
    func sweep() async {
        guard let rows = try? await store.unanswered() else { return }
        for row in rows {
            if let id = row.manifestId { await settle(manifestId: id) }
        }
    }

    private func answer(_ row: CarrierStore.Row, plan: CarrierAnswerPlan, outcomes: [String: TravelerAssessment.Outcome],
                        problem: String?) async {
        let response = plan.response(outcomes: outcomes, problem: problem)
        let account = accounts.first { $0.carrier == row.carrier }
        var counts: [String: Int] = [:]
        for traveler in response.travelers { counts[traveler.decision.rawValue, default: 0] += 1 }
        let now = Date()
        let counted = counts
        let made: CarrierStore.Row?
        do {
            made = try await store.database.pool.write { [agencyId, auditLog] db -> CarrierStore.Row? in
                guard let current = try Self.existing(row.carrier, row.reference, db), current.cusres == nil else { return nil }
                guard let bytes = plan.interchange(response, agency: agencyId, carrier: row.carrier,
                                                   controlReference: try CarrierStore.nextControlReference(db), now: now) else {
                    return nil
                }
                try CarrierStore.setCUSRES(bytes, carrier: row.carrier, reference: row.reference, at: LiveAgency.now(),
                                           callbackOwed: account?.callbackURL != nil, in: db)
                var details = ["carrier": row.carrier, "reference": row.reference, "delivery": "kept"]
                for (code, count) in counted { details[code] = String(count) }
                if let problem { details["problem"] = problem }
                try auditLog.append(AuditEvent(kind: .cusresSent, actor: agencyId, messageId: row.manifestId, details: details), in: db)
                var updated = current
                updated.cusres = bytes
                return updated
            }
        } catch {
            logger.error("CUSRES not stored; tried again later", metadata: ["reference": "\(row.reference)", "error": "\(error)"])
            return
        }
        if let made, account?.callbackURL != nil { scheduleCallback(made) }
    }

    // MARK: Callbacks

    private func scheduleCallback(_ row: CarrierStore.Row) {
        let key = row.carrier + "/" + row.reference
        guard !stopped, callbackTasks[key] == nil, let client = callbackClient, let cusres = row.cusres,
              let url = accounts.first(where: { $0.carrier == row.carrier })?.callbackURL else { return }
        let attempts = callbackAttempts, base = callbackBaseDelay
        callbackTasks[key] = Task { [weak self] in
            var attempt = row.callbackAttempts
            while attempt < attempts, !Task.isCancelled {
                attempt += 1
                let delivered: Bool
                do {
                    let answer = try await client.exchange(.POST, url: url,
                                                           headers: [("Content-Type", "application/edifact"),
                                                                     ("Pax-Carrier-Reference", row.reference)],
                                                           body: cusres)
                    delivered = (200..<300).contains(answer.status)
                } catch {
                    delivered = false
                }
                guard let self else { return }
                await self.recordCallback(row, attempt: attempt, delivered: delivered, last: attempt >= attempts)
                if delivered { break }
                let delay = base * Int(min(1 << min(attempt - 1, 6), 64))
                try? await Task.sleep(for: delay)
            }
            await self?.callbackFinished(key)
        }
    }

    private func callbackFinished(_ key: String) { callbackTasks[key] = nil }

    private func recordCallback(_ row: CarrierStore.Row, attempt: Int, delivered: Bool, last: Bool) async {
        do {
            try await store.database.pool.write { [agencyId, auditLog] db in
                try CarrierStore.recordCallback(carrier: row.carrier, reference: row.reference, attempts: attempt,
                                                done: delivered || last, in: db)
                if delivered {
                    try auditLog.append(AuditEvent(kind: .cusresSent, actor: agencyId, messageId: row.manifestId,
                                                   details: ["carrier": row.carrier, "reference": row.reference,
                                                             "delivery": "callback", "attempt": String(attempt)]), in: db)
                }
            }
        } catch {
            logger.error("callback progress not stored", metadata: ["reference": "\(row.reference)", "error": "\(error)"])
        }
        if !delivered && last {
            logger.warning("CUSRES callback gave up", metadata: ["carrier": "\(row.carrier)", "reference": "\(row.reference)"])
        }
    }

    // MARK: Helpers

    private static func existing(_ carrier: String, _ reference: String, _ db: Database) throws -> CarrierStore.Row? {
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM carrier_interchange WHERE carrier = ? AND reference = ?",
                               arguments: [carrier, reference]) != nil else { return nil }
        return try GRDB.Row.fetchOne(db, sql: "SELECT * FROM carrier_interchange WHERE carrier = ? AND reference = ?",
                                     arguments: [carrier, reference]).map(CarrierStore.decodeRow)
    }

    private func receiptEvent(_ account: CarrierAccount, reference: String?, outcome: String, bytes: Int) -> AuditEvent {
        Self.receiptEvent(agencyId, account, reference: reference, outcome: outcome, bytes: bytes, manifestId: nil)
    }

    private static func receiptEvent(_ agencyId: String, _ account: CarrierAccount, reference: String?, outcome: String,
                                     bytes: Int, manifestId: String?) -> AuditEvent {
        var details = ["outcome": outcome, "bytes": String(bytes)]
        if let reference { details["reference"] = reference }
        return AuditEvent(kind: .carrierReceipt, actor: account.carrier, messageId: manifestId, details: details)
    }

    /// Schema and business-rule problems of the converted manifest, as one line (nil: none).
    static func problems(of manifest: TravelerManifest) -> String? {
        guard let xml = try? manifest.xml() else { return "the list cannot be written as a manifest" }
        switch PayloadCheck.check(xml).result {
        case .success: return nil
        case .failure(let found):
            return found.errors.prefix(3).map { "\($0.code) \($0.text)" }.joined(separator: "; ")
        }
    }

    private func unavailable(_ error: any Error, reference: String) -> Receipt {
        logger.error("carrier interchange not committed", metadata: ["reference": "\(reference)", "error": "\(error)"])
        return Receipt(status: 503, contrl: [], reference: reference, duplicate: false, accepted: false)
    }
}
