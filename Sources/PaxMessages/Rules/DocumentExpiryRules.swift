/// Document validity for the journey: `PAX-DOC-EXPIRED` (error) when a document expired
/// before the traveller's departure, `PAX-DOC-EXPIRING` (warning) when it expires before
/// the end of the stay window (`RuleContext.stayDays` after arrival).
///
/// An expiry date is the last day a document is valid: a document expiring on the
/// departure date is not expired (but gets the warning, the stay being longer); one
/// expiring exactly `stayDays` after the arrival date is fine. Departure is the local date
/// of the leg the traveller embarks on, arrival the local date of the leg they debark from
/// (the first and the last leg when the airports are not on the flight).
enum DocumentExpiryRules {
    static let expired = BusinessRule(
        id: "PAX-DOC-EXPIRED", severity: .error, messageType: TravelerManifest.rootElementName,
        summary: "no travel document expired before the traveller's departure date")

    static let expiring = BusinessRule(
        id: "PAX-DOC-EXPIRING", severity: .warning, messageType: TravelerManifest.rootElementName,
        summary: "every travel document is valid for the stay window after arrival (180 days by default)")

    static let expiredCheck = RuleCheck<ManifestReview>(rule: expired) { review, _, findings in
        let manifest = review.manifest
        forEachDocument(in: manifest) { t, d, journey in
            let traveler = manifest.travelers[t], document = traveler.documents[d]
            guard document.expiryDate < journey.departure else { return }
            findings.report("\(traveler.label): \(document.label) expired on \(document.expiryDate), before departure on \(journey.departure)",
                            at: manifest.documentPath(traveler: t, document: d) + "/ExpiryDate")
        }
    }

    static let expiringCheck = RuleCheck<ManifestReview>(rule: expiring) { review, context, findings in
        let manifest = review.manifest
        forEachDocument(in: manifest) { t, d, journey in
            let traveler = manifest.travelers[t], document = traveler.documents[d]
            // A window past year 9999 outlasts every document; a negative one is empty.
            let end = journey.arrival.adding(days: min(max(context.stayDays, 0), maximumStayDays))
            guard document.expiryDate >= journey.departure, end.map({ document.expiryDate < $0 }) ?? true else { return }
            findings.report("\(traveler.label): \(document.label) expires on \(document.expiryDate), within \(context.stayDays) days of arrival on \(journey.arrival)",
                            at: manifest.documentPath(traveler: t, document: d) + "/ExpiryDate")
        }
    }

    /// More days than the calendar holds (years 1...9999), so adding them never overflows.
    static let maximumStayDays = 3_700_000

    /// The local dates a traveller departs and arrives.
    struct Journey {
        var departure: CalendarDate
        var arrival: CalendarDate
    }

    static func forEachDocument(in manifest: TravelerManifest, _ body: (Int, Int, Journey) -> Void) {
        let legs = manifest.flight.legs
        guard let firstLeg = legs.first, let lastLeg = legs.last else { return }
        for (t, traveler) in manifest.travelers.enumerated() {
            let route = legs.route(embarking: traveler.embarkation, debarking: traveler.debarkation)
            let journey = Journey(departure: (route.map { legs[$0.lowerBound] } ?? firstLeg).scheduledDeparture.localDate,
                                  arrival: (route.map { legs[$0.upperBound] } ?? lastLeg).scheduledArrival.localDate)
            for d in traveler.documents.indices { body(t, d, journey) }
        }
    }
}

extension [Leg] {
    /// The legs a traveller flies: from the first leg departing `embarkation` to the first
    /// later (or same) leg arriving at `debarkation`; nil when there is no such pair.
    func route(embarking embarkation: String, debarking debarkation: String) -> ClosedRange<Int>? {
        guard let start = firstIndex(where: { $0.departureAirport == embarkation }),
              let end = self[start...].firstIndex(where: { $0.arrivalAirport == debarkation }) else { return nil }
        return start...end
    }
}
