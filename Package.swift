// swift-tools-version: 6.1
import PackageDescription

// The data flow is visible in the targets: devices produce claims (Scanners, Tags) -> the Gate decides ->
// the Ledger remembers -> printers, tags and the API consume verdicts. Each C library is imported by
// exactly one wrapper module; LabelgateCore is pure Swift with no I/O.
let package = Package(
    name: "labelgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "labelgate", targets: ["labelgate"]),
        .library(name: "LabelgateCore", targets: ["LabelgateCore"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Gate", targets: ["Gate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // System libraries: one wrapper module imports each (Printing, Scanners, Tags).
        .systemLibrary(
            name: "CZint", path: "Sources/CZint",
            providers: [.apt(["libzint-dev"])]),
        .systemLibrary(
            name: "CLibUSB", path: "Sources/CLibUSB", pkgConfig: "libusb-1.0",
            providers: [.apt(["libusb-1.0-0-dev"])]),
        .systemLibrary(
            name: "CLibNFC", path: "Sources/CLibNFC", pkgConfig: "libnfc",
            providers: [.apt(["libnfc-dev"])]),

        // Pure identity core: ISBT 128, GS1, AIM, COI record, identity hash, payloads, claims, verdicts.
        .target(
            name: "LabelgateCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The ledger remembers: records, label serials, custody, the hash-chained audit trail.
        .target(
            name: "Ledger",
            dependencies: [
                "LabelgateCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The one interlock: every print, tag encode and scan acceptance goes through it.
        .target(
            name: "Gate",
            dependencies: [
                "LabelgateCore", "Ledger", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The shared behaviour suite every ledger backend must pass (used by the SQLite and PostgreSQL tests).
        .target(name: "LedgerConformance", dependencies: ["LabelgateCore", "Ledger"]),
        .executableTarget(
            name: "labelgate",
            dependencies: [
                "LabelgateCore", "Ledger", "Gate", "LedgerConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // MARK: device, printing, tag, daemon and PostgreSQL targets (one block per capability)

        .testTarget(
            name: "LabelgateCoreTests",
            dependencies: ["LabelgateCore", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "LedgerTests",
            dependencies: [
                "LabelgateCore", "Ledger", "LedgerConformance", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "GateTests",
            dependencies: [
                "LabelgateCore", "Ledger", "Gate",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "CLITests",
            dependencies: ["labelgate", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
