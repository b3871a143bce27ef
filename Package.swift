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
        .executable(name: "paxsim", targets: ["paxsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
        .executableTarget(
            name: "paxsim",
            dependencies: [
                "PaxConformance", "PaxMessages", "SafeXML", "PaxGenerator", "PaxRisk",
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
        .testTarget(name: "PaxsimEndToEndTests", dependencies: ["SafeXML", "PaxTestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
