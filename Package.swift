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
        .library(name: "SafeXML", targets: ["SafeXML"]),
        .library(name: "PaxMessages", targets: ["PaxMessages"]),
        .library(name: "PaxConformance", targets: ["PaxConformance"]),
        .library(name: "PaxGenerator", targets: ["PaxGenerator"]),
        .library(name: "PaxRisk", targets: ["PaxRisk"]),
        .library(name: "PaxExchange", targets: ["PaxExchange"]),
        .library(name: "PaxExchangeTesting", targets: ["PaxExchangeTesting"]),
        .library(name: "PaxSimulation", targets: ["PaxSimulation"]),
        .executable(name: "paxsim", targets: ["paxsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "SafeXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(
            name: "PaxMessages",
            dependencies: ["SafeXML"],
            resources: [],
            swiftSettings: strict
        ),
        .target(name: "PaxConformance", dependencies: ["SafeXML", "PaxMessages"], swiftSettings: strict),
        .target(name: "PaxGenerator", dependencies: ["PaxMessages", "SafeXML"], swiftSettings: strict),
        .target(
            name: "PaxRisk",
            dependencies: ["PaxMessages", "SafeXML", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(
            name: "PaxExchange",
            dependencies: ["PaxMessages", "PaxRisk", "SafeXML", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The store contract: any ExchangeStore (in-memory here, SQLite next) must pass it.
        .target(name: "PaxExchangeTesting", dependencies: ["PaxExchange", "PaxMessages"], swiftSettings: strict),
        .target(
            name: "PaxSimulation",
            dependencies: [
                "PaxExchange", "PaxGenerator", "PaxMessages", "PaxRisk", "SafeXML",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "paxsim",
            dependencies: [
                "PaxConformance", "PaxMessages", "SafeXML", "PaxGenerator", "PaxRisk", "PaxSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Shared by the test targets: loopback listener, seeded PRNG.
        .target(name: "PaxTestSupport", path: "Tests/PaxTestSupport", swiftSettings: strict),
        .testTarget(name: "SafeXMLTests", dependencies: ["SafeXML", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(name: "PaxMessagesTests", dependencies: ["PaxMessages", "SafeXML", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(name: "PaxConformanceTests", dependencies: ["PaxConformance", "PaxMessages", "SafeXML"], swiftSettings: strict),
        .testTarget(name: "PaxGeneratorTests", dependencies: ["PaxGenerator", "PaxMessages", "SafeXML", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(name: "PaxRiskTests", dependencies: ["PaxRisk", "PaxMessages", "SafeXML", "PaxTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PaxExchangeTests",
            dependencies: [
                "PaxExchange", "PaxExchangeTesting", "PaxMessages", "PaxRisk", "PaxGenerator", "SafeXML",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PaxSimulationTests",
            dependencies: ["PaxSimulation", "PaxExchange", "PaxMessages"],
            swiftSettings: strict
        ),
        .testTarget(name: "PaxsimEndToEndTests", dependencies: ["SafeXML", "PaxTestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
