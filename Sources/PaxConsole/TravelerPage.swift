import Foundation
import PaxExchange
import PaxMessages
import PaxRisk
import PaxServer

/// Traveller: identity and documents; every watch-list hit beside the listed entry, with
/// which fields matched and how (name similarity, phonetic key, name order, transliteration,
/// date-of-birth tolerance, nationality, document number); rule hits; the assessment sent
/// (or received); assistance requests about them; and the review form.
///
/// The hits are explained from what was kept when the manifest was screened (this agency's
/// `ScreeningExplanation` for manifests it received; for its own manifests, the reasons of the
/// peer's assessment beside this agency's copy of the listed entry). Nothing is screened again.
struct TravelerPage {
    struct Fact: Sendable { var label: String; var value: String }
    struct Document: Sendable { var type: String; var number: String; var issuer: String; var expiry: String }
    struct Hit: Sendable {
        var listedName: String
        var entryId: String
        var category: String
        var action: String
        var requested: String
        var score: String
        var listedFacts: [Fact]
        var travellerFacts: [Fact]
        var matchedFields: String
        var how: [Fact]
    }
    struct RuleRow: Sendable { var id: String; var text: String; var weight: String; var fields: String }
    struct Reason: Sendable { var text: String; var score: String; var fields: String }
    struct Verdict: Sendable { var value: String; var label: String; var checked: Bool; var id: String }
    struct View: Sendable {
        var reference: String
        var name: String
        var identity: [Fact]
        var documents: [Document]
        var hasDocuments: Bool
        var hits: [Hit]
        var hasHits: Bool
        var screeningNote: String
        var hasScreeningNote: Bool
        var rules: [RuleRow]
        var hasRules: Bool
        var assessmentFrom: String
        var outcome: String
        var outcomeClass: String
        var score: String
        var reasons: [Reason]
        var requests: [AssistancePage.Request]
        var hasRequests: Bool
        var manifestHref: String
        var flight: String
        var submitter: String
        var messageId: String
        var reviewable: Bool
        var verdicts: [Verdict]
        var reviewed: Bool
        var reviewText: String
        var csrf: String
    }

    static func view(_ data: ConsoleData, query: [String: String], csrf: String) throws -> View? {
        guard let submitter = query["submitter"], let id = query["id"], let ref = query["ref"],
              let record = data.manifest(submitter: submitter, messageId: id),
              let traveler = record.travelers.first(where: { $0.reference == ref }) else { return nil }
        let own = record.submitter == data.agencyId
        let flagged = try data.flagged(submitter: submitter, messageId: id, references: [ref])[ref]
        let normalized = NameNormalizer.normalize(surname: traveler.surname, givenNames: traveler.givenNames).tokens.joined(separator: " ")
        let nonLatin = !(traveler.surname + (traveler.givenNames ?? "")).unicodeScalars.allSatisfy { $0.isASCII }
        let travellerFacts = [
            Fact(label: "Name", value: fullName(traveler)),
            Fact(label: "Date of birth", value: traveler.dateOfBirth.description),
            Fact(label: "Nationality", value: traveler.nationality.rawValue),
            Fact(label: "Documents", value: traveler.documents.map { "\($0.type.rawValue) \($0.number) (\($0.issuingState.rawValue))" }.joined(separator: ", ")),
        ]
        var hits: [Hit] = []
        var rules: [RuleRow] = []
        var screeningNote = ""
        if let explanation = flagged?.explanation {
            // This agency's screening, as kept when the manifest was screened.
            hits = explanation.watchListHits.map { hit -> Hit in
                let features = hit.match.features
                var how = [
                    Fact(label: "Name similarity (Jaro-Winkler, token-wise)", value: ConsoleFormat.fraction(features.nameSimilarity)),
                    Fact(label: "Phonetic key agreement", value: ConsoleFormat.fraction(features.phoneticAgreement)),
                    Fact(label: "Name order", value: features.swappedNameOrder ? "surname and given names swapped" : "as listed"),
                    Fact(label: "Transliteration", value: nonLatin ? "traveller's name transliterated to Latin: \(normalized)" : "none needed (\(normalized))"),
                    Fact(label: "Date of birth", value: birthDateText(features.birthDate)),
                    Fact(label: "Nationality", value: features.nationality.rawValue),
                    Fact(label: "Document number", value: features.document.rawValue),
                ]
                if features.unmatchedTokens > 0 { how.append(Fact(label: "Name tokens without a match", value: String(features.unmatchedTokens))) }
                return Hit(listedName: hit.listedName, entryId: hit.match.entryId, category: hit.category.rawValue,
                           action: hit.action.rawValue, requested: ConsoleFormat.outcomeLabel(hit.requestedOutcome),
                           score: ConsoleFormat.fraction(hit.match.score),
                           listedFacts: explanation.listedEntries[hit.match.entryId].map(listedFacts)
                               ?? [Fact(label: "Entry", value: "not kept")],
                           travellerFacts: travellerFacts, matchedFields: hit.match.matchedFields.joined(separator: ", "), how: how)
            }
            rules = explanation.ruleHits.map {
                RuleRow(id: $0.ruleId, text: $0.description, weight: ConsoleFormat.fraction($0.weight), fields: $0.fields.joined(separator: ", "))
            }
            screeningNote = "Screened by this agency when the manifest was received."
        } else if own, let assessment = flagged?.assessment {
            // The peer screened it: its reasons, beside this agency's copy of the entry when it lists the same id.
            let entries = data.agency.screening.screener?.watchList.entries ?? []
            hits = assessment.reasons.filter { $0.kind == .watchList }.map { reason -> Hit in
                let entry = entries.first { $0.id == reason.sourceId }
                let listedName = entry?.names.first.map { [$0.surname, $0.givenNames ?? ""].filter { !$0.isEmpty }.joined(separator: ", ") }
                return Hit(listedName: listedName ?? reason.sourceId, entryId: reason.sourceId, category: entry?.category.rawValue ?? "—",
                           action: reason.listedAction?.rawValue ?? "—", requested: ConsoleFormat.outcomeLabel(reason.requestedOutcome),
                           score: ConsoleFormat.score(reason.matchScore),
                           listedFacts: entry.map(listedFacts) ?? [Fact(label: "Entry", value: "not on this agency's watch list")],
                           travellerFacts: travellerFacts, matchedFields: (reason.matchedFields ?? []).joined(separator: ", "),
                           how: [Fact(label: "Screened by", value: record.receiver),
                                 Fact(label: "Identity confidence", value: ConsoleFormat.score(reason.matchScore)),
                                 Fact(label: "Fields matched", value: (reason.matchedFields ?? []).joined(separator: ", ")),
                                 Fact(label: "Reason given", value: reason.text)])
            }
            rules = assessment.reasons.filter { $0.kind == .rule }.map {
                RuleRow(id: $0.sourceId, text: $0.text, weight: "—", fields: ($0.matchedFields ?? []).joined(separator: ", "))
            }
            screeningNote = "Screened by \(record.receiver); the reasons are those of its assessment."
        } else if flagged?.removed == true {
            screeningNote = "The screening explanation was removed by retention."
        }
        let assessment = flagged?.assessment
        let outcome = flagged?.outcome ?? record.outcomes[ref] ?? (own ? nil : .cleared)
        let review = try HitReviews.reviews([(submitter, id, ref)], database: data.database)[HitReviews.reviewKey(submitter, id, ref)]
        let requests = try AssistancePage.requests(data, limit: AssistancePage.searchedForTraveller).filter { $0.concerns(traveler) }
        return View(
            reference: ref, name: fullName(traveler),
            identity: [
                Fact(label: "Surname", value: traveler.surname), Fact(label: "Given names", value: traveler.givenNames ?? "—"),
                Fact(label: "Kind", value: traveler.kind.rawValue), Fact(label: "Sex", value: traveler.gender.rawValue),
                Fact(label: "Date of birth", value: traveler.dateOfBirth.description),
                Fact(label: "Nationality", value: traveler.nationality.rawValue),
                Fact(label: "Residence", value: traveler.countryOfResidence?.rawValue ?? "—"),
                Fact(label: "Route", value: "\(traveler.embarkation) → \(traveler.debarkation)"),
                Fact(label: "Seat", value: traveler.seat ?? "—"), Fact(label: "Booking", value: traveler.recordLocator ?? "—"),
            ],
            documents: traveler.documents.map {
                Document(type: $0.type.rawValue, number: $0.number, issuer: $0.issuingState.rawValue, expiry: $0.expiryDate.description)
            },
            hasDocuments: !traveler.documents.isEmpty, hits: hits, hasHits: !hits.isEmpty, screeningNote: screeningNote, hasScreeningNote: !screeningNote.isEmpty,
            rules: rules, hasRules: !rules.isEmpty,
            assessmentFrom: own ? "Assessment received from \(record.receiver)" : "Assessment sent to \(record.submitter)",
            outcome: ConsoleFormat.outcomeLabel(outcome), outcomeClass: ConsoleFormat.outcomeClass(outcome),
            score: ConsoleFormat.score(assessment?.score),
            reasons: (assessment?.reasons ?? []).map {
                Reason(text: $0.text, score: ConsoleFormat.score($0.matchScore), fields: ($0.matchedFields ?? []).joined(separator: ", "))
            },
            requests: requests, hasRequests: !requests.isEmpty,
            manifestHref: ConsoleFormat.manifestLink(submitter: submitter, messageId: id),
            flight: "\(record.flight.carrier) \(record.flight.flightNumber) \(record.flight.departureAirport) → \(record.flight.arrivalAirport)",
            submitter: submitter, messageId: id,
            reviewable: (outcome != nil && outcome != .cleared) || !hits.isEmpty,
            verdicts: HitVerdict.allCases.map {
                Verdict(value: $0.rawValue, label: $0.label, checked: review?.verdict == $0, id: "verdict-\($0.rawValue)")
            },
            reviewed: review != nil,
            reviewText: review.map { "\($0.verdict.label) by \($0.reviewer) at \(ConsoleFormat.time($0.reviewedAt))\($0.note.isEmpty ? "" : ": \($0.note)")" } ?? "",
            csrf: csrf)
    }

    static func fullName(_ traveler: Traveler) -> String {
        [traveler.surname, traveler.givenNames ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    static func listedFacts(_ entry: WatchListEntry) -> [Fact] {
        var facts = [Fact(label: "Names", value: entry.names.map { [$0.surname, $0.givenNames ?? ""].filter { !$0.isEmpty }.joined(separator: ", ") }.joined(separator: "; "))]
        switch entry.birthDate {
        case .exact(let date)?: facts.append(Fact(label: "Date of birth", value: date.description))
        case .year(let year)?: facts.append(Fact(label: "Date of birth", value: "year \(year)"))
        case .range(let from, let to)?: facts.append(Fact(label: "Date of birth", value: "between \(from.description) and \(to.description)"))
        case nil: facts.append(Fact(label: "Date of birth", value: "not listed"))
        }
        facts.append(Fact(label: "Nationality", value: entry.nationalities.map(\.rawValue).joined(separator: ", ")))
        facts.append(Fact(label: "Documents", value: entry.documents.map { "\($0.type?.rawValue ?? "?") \($0.number)" }.joined(separator: ", ")))
        if let remarks = entry.remarks { facts.append(Fact(label: "Remarks", value: remarks)) }
        return facts
    }

    static func birthDateText(_ agreement: BirthDateAgreement) -> String {
        switch agreement {
        case .exact: "exact"
        case .dayMonthSwapped: "day and month swapped (tolerated)"
        case .yearOffByOne: "year off by one (tolerated)"
        case .sameYearAndMonth: "same year and month only"
        case .sameYear: "same year (entry lists a year)"
        case .nearYear: "year off by one from the listed year"
        case .withinRange: "within the listed range"
        case .nearRange: "near the listed range"
        case .mismatch: "does not match"
        case .unknown: "not comparable"
        }
    }

    static let template = """
        <p><a href="{{manifestHref}}">Back to the manifest</a> ({{flight}})</p>
        <section aria-labelledby="identity-heading"><h2 id="identity-heading">Identity</h2>
        <dl class="facts">{{#identity}}<div><dt>{{label}}</dt><dd>{{value}}</dd></div>{{/identity}}</dl>
        {{#hasDocuments}}<table><caption>Documents</caption><thead><tr><th scope="col">Type</th><th scope="col">Number</th>
        <th scope="col">Issuer</th><th scope="col">Expiry</th></tr></thead><tbody>{{#documents}}<tr><td>{{type}}</td><td>{{number}}</td>
        <td>{{issuer}}</td><td>{{expiry}}</td></tr>{{/documents}}</tbody></table>{{/hasDocuments}}</section>
        <section aria-labelledby="assessment-heading"><h2 id="assessment-heading">{{assessmentFrom}}</h2>
        <p>Outcome: <span class="outcome outcome-{{outcomeClass}}">{{outcome}}</span>, score {{score}}</p>
        <ul>{{#reasons}}<li>{{text}} (match score {{score}}{{#fields}}; matched {{fields}}{{/fields}})</li>{{/reasons}}</ul></section>
        <section aria-labelledby="hits-heading"><h2 id="hits-heading">Watch-list hits</h2>
        {{#hasScreeningNote}}<p>{{screeningNote}}</p>{{/hasScreeningNote}}
        {{^hasHits}}<p>No watch-list entry resembles this traveller.</p>{{/hasHits}}
        {{#hits}}<article class="hit"><h3>Listed entry <span class="listed-name">{{listedName}}</span> ({{entryId}})</h3>
        <p>{{category}}, listed action {{action}}; identity confidence {{score}}; asks for: {{requested}}. Matched fields: {{matchedFields}}.</p>
        <div class="side-by-side"><table><caption>Listed entry</caption><thead><tr><th scope="col">Field</th><th scope="col">Listed</th></tr></thead>
        <tbody>{{#listedFacts}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>{{/listedFacts}}</tbody></table>
        <table><caption>Traveller</caption><thead><tr><th scope="col">Field</th><th scope="col">Travelling</th></tr></thead>
        <tbody>{{#travellerFacts}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>{{/travellerFacts}}</tbody></table></div>
        <table><caption>How it matched</caption><thead><tr><th scope="col">Check</th><th scope="col">Result</th></tr></thead>
        <tbody>{{#how}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>{{/how}}</tbody></table></article>{{/hits}}</section>
        {{#hasRules}}<section aria-labelledby="rules-heading"><h2 id="rules-heading">Rule hits</h2><table><caption>Rules that fired</caption>
        <thead><tr><th scope="col">Rule</th><th scope="col">Description</th><th scope="col">Weight</th><th scope="col">Fields</th></tr></thead>
        <tbody>{{#rules}}<tr><td>{{id}}</td><td>{{text}}</td><td>{{weight}}</td><td>{{fields}}</td></tr>{{/rules}}</tbody></table></section>{{/hasRules}}
        <section aria-labelledby="requests-heading"><h2 id="requests-heading">Assistance requests about this traveller</h2>
        {{^hasRequests}}<p>None.</p>{{/hasRequests}}
        {{#hasRequests}}<ul>{{#requests}}<li><code>{{messageId}}</code> to {{peer}}: {{legalBasis}}, {{purpose}} ({{state}})</li>{{/requests}}</ul>{{/hasRequests}}</section>
        {{#reviewable}}<section aria-labelledby="review-heading"><h2 id="review-heading">Review</h2>
        {{#reviewed}}<p id="review-status" role="status">Reviewed: {{reviewText}}</p>{{/reviewed}}
        <form method="post" action="/hits/review" class="review">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="submitter" value="{{submitter}}">
        <input type="hidden" name="id" value="{{messageId}}"><input type="hidden" name="ref" value="{{reference}}">
        <fieldset><legend>Decision</legend>{{#verdicts}}<input type="radio" name="verdict" id="{{id}}" value="{{value}}"{{#checked}} checked{{/checked}} required>
        <label for="{{id}}">{{label}}</label> {{/verdicts}}</fieldset>
        <label for="note">Note</label><textarea id="note" name="note" rows="3" cols="60" maxlength="1000"></textarea>
        <button type="submit" id="review-submit">Record review</button></form></section>{{/reviewable}}
        """
}
