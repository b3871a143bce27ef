import PaxMessages

/// Code values of PAXLST elements and their model counterparts.
enum PAXLSTCodes {
    static func listType(documentName code: String) -> ListType? {
        switch code {
        case "745": .passenger
        case "250", "266", "336": .crew
        default: nil
        }
    }

    static func documentName(_ list: ListType) -> String { list == .passenger ? "745" : "250" }

    /// BGM 1004: CP / C change (passenger / crew), XR / X cancel, CLOB / CLNB close-out.
    static func function(documentIdentifier code: String) -> MessageFunction? {
        switch code.uppercased() {
        case "": .original
        case "CP", "C", "CC", "RP": .change
        case "XR", "X", "XC": .cancel
        case "CLOB", "CLNB", "CL": .closeOut
        default: nil
        }
    }

    static func documentIdentifier(_ function: MessageFunction, list: ListType) -> String {
        switch function {
        case .original: ""
        case .change: list == .passenger ? "CP" : "C"
        case .cancel: list == .passenger ? "XR" : "X"
        case .closeOut: "CLOB"
        }
    }

    static func kind(partyQualifier code: String) -> TravelerKind? {
        switch code {
        case "FL": .passenger
        case "FM": .crew
        case "DDU": .transitPassenger
        case "DDT": .transitCrew
        default: nil
        }
    }

    static func partyQualifier(_ kind: TravelerKind) -> String {
        switch kind {
        case .passenger: "FL"
        case .crew: "FM"
        case .transitPassenger: "DDU"
        case .transitCrew: "DDT"
        }
    }

    /// DOC 1001: the model's codes, plus the two-letter forms some senders use.
    static func documentType(_ code: String) -> DocumentType? {
        if let type = DocumentType(rawValue: code) { return type }
        switch code {
        case "PT", "PP": return .passport
        case "IP": return .identityCard
        case "VS": return .visa
        default: return nil
        }
    }
}
