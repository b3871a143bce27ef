public import SafeXML

/// The screening result for one traveller: outcome, score and reasons (CUSRES-style).
public struct TravelerAssessment: Sendable, Hashable, Codable {
    /// What the receiving agency advises for the traveller.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        /// No concern.
        case cleared = "Cleared"
        /// May board; refer for inspection on arrival.
        case inspect = "Inspect"
        /// The carrier is advised not to board the traveller.
        case noBoard = "NoBoard"
    }

    /// The traveller's reference in the manifest.
    public var travelerReference: String
    public var outcome: Outcome
    /// Overall risk, 0 (none) to 1 (highest).
    public var score: UnitScore
    /// Rule and watch-list hits; empty writes no `Reasons` element.
    public var reasons: [AssessmentReason]
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(travelerReference: String, outcome: Outcome, score: UnitScore, reasons: [AssessmentReason] = [],
                extensions: [XMLElement] = []) {
        self.travelerReference = travelerReference
        self.outcome = outcome
        self.score = score
        self.reasons = reasons
        self.extensions = extensions
    }
}
