import ArgumentParser
import Foundation
import PaxMessages

extension Paxsim {
    /// `paxsim mrz`: check and make ICAO Doc 9303 machine-readable zones.
    struct MRZ: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mrz",
            abstract: "Check and make ICAO 9303 machine-readable zones (TD3 passports, TD1 cards, MRV-A visas).",
            subcommands: [Check.self, Make.self]
        )
    }
}

extension Paxsim.MRZ {
    /// A usage error of `paxsim mrz` (exit status 2).
    fileprivate static func usageError(_ message: String) -> CommandFailure {
        .usage("paxsim mrz: \(message)")
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Verify the check digits and format of an MRZ.",
            discussion: """
            Give the 2 (TD3, MRV-A) or 3 (TD1) lines as separate arguments; quote them, since \
            `<` is special to the shell. Exit status: 0 all checks pass, 1 some fail, 2 usage.
            """
        )

        @Argument(help: ArgumentHelp("The MRZ lines.", valueName: "line"))
        var lines: [String] = []

        func run() throws {
            guard lines.count == 2 || lines.count == 3 else {
                throw Paxsim.MRZ.usageError("give the 2 or 3 MRZ lines as arguments, found \(lines.count)")
            }
            let result = MRZVerifier.verify(lines)
            print("format: \(result.format?.description ?? "unknown")")
            for problem in result.problems { print("problem: \(problem)") }
            for check in result.checks { print(check) }
            print(result.isValid ? "valid" : "INVALID")
            if !result.isValid { throw CommandFailure.failed() }
        }
    }

    struct Make: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "make",
            abstract: "Write the MRZ lines for a document, with every check digit.",
            discussion: "Names are transliterated (diacritics removed) and truncated to fit. Exit status: 0, or 2 for values that cannot be written."
        )

        @Option(help: "td3 (passport), td1 (identity card) or mrva (visa).")
        var format = "td3"

        @Option(help: "Document code (default: P for td3, I for td1, V for mrva).")
        var documentType: String?

        @Option(help: "Issuing state, ICAO three-letter code.")
        var issuingState: String

        @Option(help: "Primary identifier (surname).")
        var surname: String

        @Option(help: "Secondary identifier (given names).")
        var givenNames = ""

        @Option(help: "Document number.")
        var number: String

        @Option(help: "Nationality, ICAO three-letter code (default: the issuing state).")
        var nationality: String?

        @Option(help: ArgumentHelp("Date of birth.", valueName: "YYYY-MM-DD|YYMMDD"))
        var birthDate: String

        @Option(help: "M, F, X or < (unspecified).")
        var sex = "<"

        @Option(help: ArgumentHelp("Date of expiry.", valueName: "YYYY-MM-DD|YYMMDD"))
        var expiryDate: String

        @Option(help: "Optional data (TD3: personal number; TD1: line 1 optional data).")
        var optionalData = ""

        @Option(help: "TD1 only: line 2 optional data.")
        var optionalData2 = ""

        func run() throws {
            guard let format = MRZFormat(rawValue: format.lowercased()) else {
                throw Paxsim.MRZ.usageError("--format must be td3, td1 or mrva")
            }
            guard let sex = MRZSex(code: sex) else {
                throw Paxsim.MRZ.usageError("--sex must be M, F, X or <")
            }
            guard let birth = MRZDate.yymmdd(from: birthDate) else {
                throw Paxsim.MRZ.usageError("--birth-date must be YYYY-MM-DD or YYMMDD")
            }
            guard let expiry = MRZDate.yymmdd(from: expiryDate) else {
                throw Paxsim.MRZ.usageError("--expiry-date must be YYYY-MM-DD or YYMMDD")
            }
            let defaultCode = switch format {
            case .td3: "P"
            case .td1: "I"
            case .mrvA: "V"
            }
            let fields = MRZDocumentFields(
                documentCode: documentType ?? defaultCode,
                issuingState: issuingState,
                primaryIdentifier: surname,
                secondaryIdentifier: givenNames,
                documentNumber: number,
                nationality: nationality ?? issuingState,
                dateOfBirth: birth,
                sex: sex,
                dateOfExpiry: expiry,
                optionalData: optionalData,
                optionalData2: optionalData2
            )
            do {
                for line in try MRZBuilder.build(fields, format: format) { print(line) }
            } catch {
                throw Paxsim.MRZ.usageError(error.description)
            }
        }
    }
}
