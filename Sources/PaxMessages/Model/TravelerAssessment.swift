public import SafeXML

/// The screening result for one traveller: outcome, score and reasons (CUSRES-style).
///
/// Two questions kept apart: how sure the screening is that the traveller is a listed person
/// (`identityConfidence`, and each watch-list reason's `matchScore`), and what that asks for
/// (`outcome`, from the listed actions and the rules).
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
    /// The risk outcome: from the matched entries' listed actions and the rules, never from
    /// identity confidence alone.
    public var outcome: Outcome
    /// Risk score of the rules that fired, 0 (none) to 1 (highest).
    public var score: UnitScore
    /// The best watch-list hit's match score (how sure the screening is that this is a listed
    /// person); nil without a hit, or in documents written before schema 1.1.
    public var identityConfidence: UnitScore?
    /// Rule and watch-list hits; empty writes no `Reasons` element.
    public var reasons: [AssessmentReason]
    /// Elements of other namespaces (later minor versions, vendors), kept in order.
    public var extensions: [XMLElement]

    public init(travelerReference: String, outcome: Outcome, score: UnitScore, identityConfidence: UnitScore? = nil,
                reasons: [AssessmentReason] = [], extensions: [XMLElement] = []) {
        self.travelerReference = travelerReference
        self.outcome = outcome
        self.score = score
        self.identityConfidence = identityConfidence
        self.reasons = reasons
        self.extensions = extensions
    }
}
