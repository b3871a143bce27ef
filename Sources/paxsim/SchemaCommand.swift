import ArgumentParser
import Foundation
import PaxMessages

extension Paxsim {
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Show or export the embedded XSD schemas.",
            subcommands: [List.self, Export.self]
        )

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the message types and schema documents this build embeds.")

            func run() throws {
                let catalogue = SchemaCatalogue.embedded
                if let problem = catalogue.loadError {
                    throw CommandFailure.usage("paxsim schema list: embedded schemas failed to compile: \(problem)")
                }
                Output.out("Message types (validated by `paxsim validate` without --schema):")
                let width = catalogue.allEntries.map(\.root.localName.count).max() ?? 0
                for entry in catalogue.allEntries {
                    let name = entry.root.localName.padding(toLength: width, withPad: " ", startingAt: 0)
                    Output.out("  \(name)  v\(entry.version)  \(entry.root.namespace)  \(entry.schemaFile)")
                }
                Output.out("Schema documents:")
                for (name, bytes) in SchemaCatalogue.embeddedDocuments.sorted(by: { $0.key < $1.key }) {
                    Output.out("  \(name)  \(bytes.count) bytes")
                }
            }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the embedded schema documents into a directory.")

            @Argument(help: "Directory to write into (created if missing).")
            var directory: String

            @Flag(help: "Replace existing files that differ.")
            var force = false

            func run() throws {
                do {
                    let written = try SchemaExport.write(to: URL(fileURLWithPath: directory), overwrite: force)
                    written.forEach(Output.out)
                } catch {
                    throw CommandFailure.usage("paxsim schema export: \(error)")
                }
            }
        }
    }
}
