import ArgumentParser
import PaxServer

extension Paxsim {
    /// `paxsim keys`: agency signing keys.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Agency Ed25519 signing keys.",
            subcommands: [Generate.self]
        )
    }
}

extension Paxsim.Keys {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a new Ed25519 key pair: AGENCY.key (private, mode 0600) and AGENCY.pub (public, 0644).",
            discussion: """
            Both files are standard PEM (PKCS#8 and SubjectPublicKeyInfo, RFC 8410) after a \
            'PaxSim-Agency: ID' line; OpenSSL reads them as they are. Give AGENCY.pub to peer \
            agencies; never share AGENCY.key. The printed fingerprint is the SHA-256 of the public \
            key's DER encoding. Exit status: 0 written, 2 refused (existing file, bad agency id, I/O).
            """
        )

        @Option(help: "The agency identifier, e.g. US-CBP.")
        var agency: String

        @Option(help: "The directory to write into.")
        var out: String = "."

        @Flag(help: "Replace existing key files.")
        var force = false

        func run() throws {
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
    }
}
