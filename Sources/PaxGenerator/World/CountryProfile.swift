public import PaxMessages

/// What the generator needs to know about a country to make its citizens and its
/// documents look right: naming traditions, document number formats, the border agency,
/// and where its identity cards are accepted. A class: profiles are constants, read per
/// traveller, and a reference is one retain where a copy of the fields was a dozen.
public final class CountryProfile: Sendable {
    public let code: CountryCode
    /// ISO 3166-1 alpha-2, used in agency ids.
    public let alpha2: String
    /// Naming traditions of its citizens, with integer weights.
    public let cultures: [(NameCulture, Int)]
    /// The border agency that sends and receives manifests, as an `AgencyId` (`SV-DGME`).
    public let agency: String
    /// International calling code without `+`.
    public let callingCode: String
    /// Places of birth as documents print them.
    public let birthplaces: [String]
    /// Passport number layouts (`L` letter, `D` digit, anything else literal), each with
    /// at least 10^8 numbers so no two travellers of a run share one.
    public let passportFormats: [String]
    /// The national identity card, when its citizens travel on one within `region`.
    public let identityCard: IdentityCardFormat?
    public let region: TravelRegion?
    /// Whether it issues documents with sex `X`.
    public let issuesSexX: Bool
    /// Whether its citizens enter the United States without a visa (Visa Waiver Program, Canada).
    public let visaFreeToUnitedStates: Bool
    /// Postal code layout (`L` letter, `D` digit, anything else literal); nil when addresses have none.
    public let postalCodeFormat: String?
    /// `cultures` as a distribution, built once.
    let cultureChoice: WeightedChoice<NameCulture>

    public init(_ code: CountryCode, alpha2: String, cultures: [(NameCulture, Int)], agency: String, callingCode: String,
                birthplaces: [String], passportFormats: [String], identityCard: IdentityCardFormat? = nil,
                region: TravelRegion? = nil, issuesSexX: Bool = false, visaFreeToUnitedStates: Bool = false,
                postalCodeFormat: String? = "DDDDD") {
        self.code = code
        self.alpha2 = alpha2
        self.cultures = cultures
        self.agency = agency
        self.callingCode = callingCode
        self.birthplaces = birthplaces
        self.passportFormats = passportFormats
        self.identityCard = identityCard
        self.region = region
        self.issuesSexX = issuesSexX
        self.visaFreeToUnitedStates = visaFreeToUnitedStates
        self.postalCodeFormat = postalCodeFormat
        cultureChoice = WeightedChoice(cultures)
    }

    /// The tradition most of its citizens' names follow.
    public var primaryCulture: NameCulture {
        cultures.max { $0.1 < $1.1 }?.0 ?? .english
    }
}

/// A national identity card: its MRZ document code (`I`, `ID`) and number layout.
public struct IdentityCardFormat: Sendable, Hashable {
    public let documentCode: String
    public let numberFormat: String

    public init(code: String, number: String) {
        documentCode = code
        numberFormat = number
    }
}
