// swift-tools-version:6.1
import PackageDescription

/// Upcoming-feature settings every Strata target compiles with: explicit `any`, imports internal unless
/// re-exported on purpose, and members visible only through modules a file imports itself.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "strata",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "strata", targets: ["strata"]),
        .library(name: "StrataCore", targets: ["StrataCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"6.0.0"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "StrataDiagnostics", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "StrataJinja", dependencies: ["StrataDiagnostics"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "StrataSQL", dependencies: ["StrataDiagnostics"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "StrataCore",
            dependencies: [
                "StrataDiagnostics", "StrataJinja", "StrataSQL",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "StrataSQLite",
            dependencies: [
                "StrataCore", "StrataSQL", "StrataDiagnostics", .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "StrataPostgres",
            dependencies: [
                "StrataCore", "StrataSQL", "StrataDiagnostics",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "StrataServer",
            dependencies: [
                "StrataCore", "StrataDiagnostics", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "StrataCLI",
            dependencies: [
                "StrataCore", "StrataDiagnostics", "StrataSQLite", "StrataPostgres", "StrataServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .executableTarget(name: "strata", dependencies: ["StrataCLI"], swiftSettings: strict),
        .target(name: "StrataTestSupport", dependencies: ["StrataCore", "StrataDiagnostics"], exclude: ["README.md"], swiftSettings: strict),

        .testTarget(name: "StrataDiagnosticsTests", dependencies: ["StrataDiagnostics"], swiftSettings: strict),
        .testTarget(
            name: "StrataJinjaTests",
            dependencies: ["StrataJinja", "StrataDiagnostics"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StrataSQLTests",
            dependencies: ["StrataSQL", "StrataDiagnostics", "StrataTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StrataCoreTests",
            dependencies: ["StrataCore", "StrataTestSupport", "StrataDiagnostics", "StrataJinja", "StrataSQL"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StrataSQLiteTests",
            dependencies: ["StrataSQLite", "StrataCore", "StrataDiagnostics", "StrataTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StrataPostgresTests",
            dependencies: ["StrataPostgres", "StrataCore", "StrataDiagnostics", "StrataTestSupport", "StrataSQLite"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StrataCLITests",
            dependencies: ["StrataCLI", "StrataCore", "StrataDiagnostics", "StrataTestSupport", "StrataServer", "StrataSQLite", "strata"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
    ]
)
