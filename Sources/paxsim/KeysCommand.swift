import ArgumentParser
import Foundation
import PaxServer

extension Paxsim {
    /// `paxsim keys`: agency signing keys.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Agency Ed25519 signing keys and mutual-TLS certificates.",
            subcommands: [Generate.self, Show.self]
        )
    }
}

extension Paxsim.Keys {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a new Ed25519 key pair (AGENCY.key, AGENCY.pub), or with --tls a TLS certificate and key.",
            discussion: """
            Both files are standard PEM (PKCS#8 and SubjectPublicKeyInfo, RFC 8410) after a \
            'PaxSim-Agency: ID' line; OpenSSL reads them as they are. Give AGENCY.pub to peer \
            agencies; never share AGENCY.key. The printed fingerprint is the SHA-256 of the public \
            key's DER encoding.

            With --tls: '--tls --ca' writes a deployment's private CA (paxsim-ca.crt, paxsim-ca.key); \
            '--tls --agency ID --issuer DIR/paxsim-ca' writes ID.tls.crt and ID.tls.key issued by that \
            CA; '--tls --agency ID' alone writes a self-signed certificate (peers pin it). ECDSA P-256, \
            PEM that 'openssl x509 -text' reads, keys mode 0600. The certificate names the agency as \
            common name and as the DNS name ID-in-lower-case.agency.paxsim.invalid, the name peers check.
            Exit status: 0 written, 2 refused (existing file, bad agency id, I/O).
            """
        )

        @Option(help: "The agency identifier, e.g. US-CBP (not with --ca).")
        var agency: String?

        @Flag(help: "Write a TLS certificate and key instead of a signing key pair.")
        var tls = false

        @Flag(help: "With --tls: write a private CA for the deployment.")
        var ca = false

        @Option(help: ArgumentHelp("With --tls: issue with this CA (path without .crt/.key, e.g. keys/paxsim-ca).", valueName: "ca"))
        var issuer: String?

        @Option(help: "With --tls: days the certificate is valid.")
        var days = 365

        @Option(help: ArgumentHelp("With --tls: the certificate's end of validity (ISO 8601, may lie in the past, for tests).", valueName: "date"))
        var notValidAfter: String?

        @Option(help: "The directory to write into.")
        var out: String = "."

        @Flag(help: "Replace existing key files.")
        var force = false

        func run() throws {
            if tls { return try generateTLS() }
            guard let agency else { throw CommandFailure.usage("paxsim keys generate: --agency is required") }
            let pair: AgencyKeyPair
            do {
                pair = try AgencyKeyPair.generate(agency: agency)
            } catch {
                throw CommandFailure.usage("paxsim keys generate: \(error.reason)")
            }
            let files: AgencyKeyPair.WrittenFiles
            do {
                files = try pair.write(to: out, replace: force)
            } catch {
                throw CommandFailure.usage("paxsim keys generate: \(error)")
            }
            Output.out("wrote \(files.privateKeyPath) (private, mode 0600) and \(files.publicKeyPath) (public)")
            Output.out("\(pair.agency) Ed25519 public key fingerprint SHA256:\(pair.publicKey.fingerprint)")
        }

        private func generateTLS() throws {
            guard (1...36_500).contains(days) else { throw CommandFailure.usage("paxsim keys generate: --days must be 1 to 36500") }
            do {
                if ca {
                    guard agency == nil, issuer == nil else {
                        throw CommandFailure.usage("paxsim keys generate: --ca makes a CA; give no --agency or --issuer")
                    }
                    let authority = try AgencyTLSCertificates.makeAuthority(days: max(days, 3_650))
                    let files = try AgencyTLSCertificates.write(authority, directory: out, name: "paxsim-ca", replace: force)
                    Output.out("wrote \(files.certificatePath) and \(files.privateKeyPath) (private, mode 0600)")
                    Output.out("CA certificate SHA256:\(try authority.fingerprint)")
                    return
                }
                guard let agency else { throw CommandFailure.usage("paxsim keys generate: --tls needs --agency (or --ca)") }
                let authority = try issuer.map {
                    try AgencyTLSCertificates.load(certificatePath: $0 + ".crt", privateKeyPath: $0 + ".key")
                }
                let now = Date()
                var end = now.addingTimeInterval(Double(days) * 86_400)
                var start = now.addingTimeInterval(-300)
                if let notValidAfter {
                    guard let date = ISO8601DateFormatter().date(from: notValidAfter) else {
                        throw CommandFailure.usage("paxsim keys generate: --not-valid-after: expected an ISO 8601 time such as 2026-01-01T00:00:00Z, found '\(notValidAfter)'")
                    }
                    end = date
                    start = min(start, date.addingTimeInterval(-Double(days) * 86_400))
                }
                let issued = try AgencyTLSCertificates.makeAgencyCertificate(agency: agency, issuer: authority,
                                                                             notValidBefore: start, notValidAfter: end)
                let files = try AgencyTLSCertificates.write(issued, directory: out, name: "\(agency).tls", replace: force)
                Output.out("wrote \(files.certificatePath) and \(files.privateKeyPath) (private, mode 0600)")
                Output.out("\(agency) TLS certificate (\(authority == nil ? "self-signed" : "issued by \(issuer ?? "")")) SHA256:\(try issued.fingerprint)")
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure.usage("paxsim keys generate: \(error)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the SHA-256 fingerprints of signing keys (.key, .pub) and TLS certificates (.crt).",
            discussion: """
            A signing key file prints its agency and the SHA-256 of its public key's DER; a \
            certificate file prints each certificate's subject, DNS names, validity and the SHA-256 \
            of its DER (what 'openssl x509 -noout -fingerprint -sha256' shows, and what peers pin). \
            Exit status: 0, or 2 when a file cannot be read.
            """
        )

        @Argument(help: "Key or certificate files.")
        var files: [String]

        func run() throws {
            for file in files {
                do {
                    if file.hasSuffix(".crt") || file.hasSuffix(".pem") {
                        for line in try AgencyTLSCertificates.describe(certificateFile: file) { Output.out("\(file): \(line)") }
                    } else if file.hasSuffix(".pub") {
                        let key = try AgencyPublicKey.load(path: file)
                        Output.out("\(file): \(key.agency) Ed25519 signing key SHA256:\(key.fingerprint)")
                    } else {
                        let pair = try AgencyKeyPair.load(path: file)
                        Output.out("\(file): \(pair.agency) Ed25519 signing key SHA256:\(pair.publicKey.fingerprint)")
                    }
                } catch {
                    throw CommandFailure.usage("paxsim keys show: \(error)")
                }
            }
        }
    }
}
