/// A name reduced to what matching compares: lower-case ASCII tokens without diacritics,
/// punctuation or particles, in Latin script, with the surname/given-name split kept.
///
/// `Al-Rashid, Omar` and `الراشد عمر` both become surname `rashid`/`rashd`, given `omar`.
public struct NormalizedName: Sendable, Hashable {
    /// Tokens of the surname, in written order.
    public var surnameTokens: [String]
    /// Tokens of the given names, in written order.
    public var givenTokens: [String]

    /// The surname run into one word, particles included (`De la Cruz` → `delacruz`): the
    /// same whether the surname's parts are written together, apart or hyphenated.
    public var surnameWrittenTogether: String

    public init(surnameTokens: [String], givenTokens: [String], surnameWrittenTogether: String? = nil) {
        self.surnameTokens = surnameTokens
        self.givenTokens = givenTokens
        self.surnameWrittenTogether = surnameWrittenTogether ?? surnameTokens.joined()
    }

    /// Every token, surname first.
    public var tokens: [String] { surnameTokens + givenTokens }

    /// The tokens sorted and joined by spaces: the same for any token order, so
    /// `GARCIA LOPEZ MARIA` and `Maria Garcia-Lopez` agree.
    public var orderFreeKey: String { tokens.sorted().joined(separator: " ") }
}
