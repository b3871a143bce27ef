// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "PaxSim",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PaxBase", targets: ["PaxBase"]),
        .library(name: "SafeXML", targets: ["SafeXML"]),
        .library(name: "PaxEDIFACT", targets: ["PaxEDIFACT"]),
        .library(name: "PaxEDIFACTMapping", targets: ["PaxEDIFACTMapping"]),
        .library(name: "PaxMessages", targets: ["PaxMessages"]),
        .library(name: "PaxConformance", targets: ["PaxConformance"]),
        .library(name: "PaxGenerator", targets: ["PaxGenerator"]),
        .library(name: "PaxRisk", targets: ["PaxRisk"]),
        .library(name: "PaxServer", targets: ["PaxServer"]),
        .library(name: "PaxExchange", targets: ["PaxExchange"]),
        .library(name: "PaxExchangeTesting", targets: ["PaxExchangeTesting"]),
        .library(name: "PaxSimulation", targets: ["PaxSimulation"]),
        .library(name: "PaxDemo", targets: ["PaxDemo"]),
        .executable(name: "paxsim", targets: ["paxsim"]),
    ],
    traits: [
        // Opt-in (`--traits Jemalloc`, needs Debian's libjemalloc-dev): the paxsim binary's
        // malloc is jemalloc's. The agencies allocate and free from several threads at once;
        // see README "An allocator for the agencies" for what it changes, measured.
        .trait(name: "Jemalloc", description: "Link the paxsim binary against jemalloc (Debian: libjemalloc-dev)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Shared mechanisms written once: parallel map and worker count, input discovery, JSON strings.
        .target(name: "PaxBase", swiftSettings: strict),
        .target(name: "SafeXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        // UN/EDIFACT syntax: lexer, envelopes, streaming reader, writer. No XML, no messages.
        .target(name: "PaxEDIFACT", swiftSettings: strict),
        // PAXLST (and its answers) <-> the message model.
        .target(name: "PaxEDIFACTMapping", dependencies: ["PaxEDIFACT", "PaxMessages", "SafeXML"], swiftSettings: strict),
        .target(
            name: "PaxMessages",
            dependencies: ["SafeXML"],
            resources: [],
            swiftSettings: strict
        ),
        .target(name: "PaxConformance", dependencies: ["PaxBase", "SafeXML", "PaxMessages", "PaxEDIFACT", "PaxEDIFACTMapping"], swiftSettings: strict),
        .target(name: "PaxGenerator", dependencies: ["PaxBase", "PaxMessages", "SafeXML", "PaxEDIFACT", "PaxEDIFACTMapping"], swiftSettings: strict),
        .target(
            name: "PaxRisk",
            dependencies: ["PaxBase", "PaxMessages", "SafeXML", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // The live agency driver: HTTP service, SQLite (WAL) audit log and archive, keys, config.
        .target(
            name: "PaxServer",
            dependencies: [
                "PaxExchange", "PaxMessages", "PaxRisk", "PaxEDIFACT", "PaxEDIFACTMapping",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The exchange store on PostgreSQL: several instances of one agency over one database.
        .target(
            name: "PaxPostgres",
            dependencies: [
                "PaxExchange", "PaxMessages", "PaxServer",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The analyst's console: server-rendered pages over an agency's store, mounted on the operator listener.
        .target(
            name: "PaxConsole",
            dependencies: [
                "PaxServer", "PaxExchange", "PaxMessages", "PaxRisk",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PaxExchange",
            dependencies: ["PaxMessages", "PaxRisk", "SafeXML", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The store contract every ExchangeStore (in-memory, SQLite) must pass.
        .target(name: "PaxExchangeTesting", dependencies: ["PaxExchange", "PaxMessages"], swiftSettings: strict),
        .target(
            name: "PaxSimulation",
            dependencies: [
                "PaxBase", "PaxExchange", "PaxGenerator", "PaxMessages", "PaxRisk",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // `paxsim demo`: two live agencies on loopback exchanging generated traffic.
        .target(
            name: "PaxDemo",
            dependencies: [
                "PaxServer", "PaxSimulation", "PaxExchange", "PaxMessages", "PaxConsole", "PaxEDIFACT", "PaxEDIFACTMapping",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "paxsim",
            dependencies: [
                "PaxBase", "PaxConformance", "PaxMessages", "SafeXML", "PaxGenerator", "PaxRisk", "PaxServer", "PaxSimulation", "PaxDemo",
                "PaxEDIFACT", "PaxEDIFACTMapping", "PaxConsole", "PaxPostgres",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux], traits: ["Jemalloc"]))]
        ),
        // Shared by the test targets: loopback listener, seeded PRNG.
        .target(name: "PaxTestSupport", path: "Tests/PaxTestSupport", swiftSettings: strict),
        .testTarget(name: "PaxBaseTests", dependencies: ["PaxBase", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PaxEDIFACTTests",
            dependencies: ["PaxEDIFACT", "PaxEDIFACTMapping", "PaxMessages", "PaxGenerator", "PaxConformance", "SafeXML", "PaxTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "SafeXMLTests", dependencies: ["SafeXML", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(name: "PaxMessagesTests", dependencies: ["PaxMessages", "SafeXML", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(name: "PaxConformanceTests", dependencies: ["PaxConformance", "PaxMessages", "SafeXML"], swiftSettings: strict),
        .testTarget(name: "PaxGeneratorTests", dependencies: ["PaxBase", "PaxGenerator", "PaxMessages", "SafeXML"], swiftSettings: strict),
        .testTarget(name: "PaxRiskTests", dependencies: ["PaxRisk", "PaxMessages", "SafeXML", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PaxServerTests",
            dependencies: [
                "PaxServer", "PaxTestSupport", "PaxExchange", "PaxExchangeTesting", "PaxGenerator", "PaxMessages", "PaxRisk",
                "PaxEDIFACT", "PaxEDIFACTMapping",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PaxExchangeTests",
            dependencies: [
                "PaxExchange", "PaxExchangeTesting", "PaxMessages", "PaxRisk", "PaxGenerator", "PaxTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PaxPostgresTests",
            dependencies: ["PaxPostgres", "PaxServer", "PaxExchange", "PaxExchangeTesting", "PaxMessages", "PaxTestSupport",
                           "PaxGenerator", "PaxRisk", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PaxSimulationTests",
            dependencies: ["PaxSimulation", "PaxExchange", "PaxGenerator", "PaxMessages", "PaxRisk"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PaxConsoleTests",
            dependencies: [
                "PaxConsole", "PaxDemo", "PaxServer", "PaxExchange", "PaxMessages", "PaxTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Browser"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PaxsimEndToEndTests",
            dependencies: ["PaxTestSupport", "PaxServer", "PaxExchange", "PaxMessages",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOSSL", package: "swift-nio-ssl")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
