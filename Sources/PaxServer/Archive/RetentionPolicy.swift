public import Foundation

/// How long traveller names and contact details are kept in the clear. After the period they
/// are masked (the record stays, for the message id and traveller reference): the model is the
/// EU-US PNR agreement, which depersonalises PNR data after six months.
public struct RetentionPolicy: Sendable, Equatable, CustomStringConvertible {
    /// Whole days after receipt before masking.
    public var maskAfterDays: Int

    public init(maskAfterDays: Int) {
        self.maskAfterDays = maskAfterDays
    }

    /// Six months (180 days), as in the EU-US PNR agreement.
    public static let pnrAgreement = RetentionPolicy(maskAfterDays: 180)

    /// Data received strictly before this instant is past the period at `now`.
    public func cutoff(now: Date) -> Date {
        now.addingTimeInterval(-Double(maskAfterDays) * 86_400)
    }

    public var description: String { "mask names and contact details after \(maskAfterDays) days" }
}
