import ArgumentParser

/// The `paxsim` command: thin argument parsing and printing over the PaxSim libraries.
struct Paxsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paxsim",
        abstract: "Build, validate and exchange traveller-manifest messages between border agencies.",
        subcommands: [Validate.self, Schema.self, MRZ.self, Generate.self, Screen.self, Watchlist.self, Evaluate.self, Simulate.self, Keys.self, Audit.self]
    )
}
