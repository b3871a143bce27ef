import ArgumentParser

/// The `paxsim` command: thin argument parsing and printing over the PaxSim libraries.
struct Paxsim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paxsim",
        abstract: "Build, validate and exchange traveller-manifest messages between border agencies.",
        version: Paxsim.version,
        subcommands: [Validate.self, Convert.self, Respond.self, Schema.self, MRZ.self, Generate.self, Screen.self, Watchlist.self, Evaluate.self, Simulate.self, Demo.self, Agency.self, Carrier.self, Keys.self, Audit.self, Bench.self]
    )
}

extension Paxsim {
    /// The version `paxsim --version` and agencies' `/health` report.
    static let version = "0.7.0"
}
