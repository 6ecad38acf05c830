// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The data flow is visible in the targets: devices produce claims (Scanners, Tags) -> the Gate decides ->
// the Ledger remembers -> printers, tags and the API consume verdicts. Each C library is imported by
// exactly one wrapper module; LabelgateCore is pure Swift with no I/O.
let package = Package(
    name: "labelgate",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "labelgate", targets: ["labelgate"]),
        .executable(name: "labelgated", targets: ["labelgated"]),
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
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // daemon (issue 6)
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
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
                "LabelgateCore", "Ledger", "Gate", "LedgerConformance", "LedgerPostgres",
                "Scanners", "Printing", "Tags", "Daemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // MARK: device, printing, tag, daemon and PostgreSQL targets (one block per capability)

        // NFC tags (issue 5): libnfc session on its own thread, NTAG21x/Ultralight commands, write with read-back;
        // tag -> TagReading -> Gate.accept (UID binding and originality checked inside the gate) -> Verdict.
        .target(
            name: "Tags",
            dependencies: [
                "CLibNFC", "LabelgateCore", "Gate", "Ledger", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "TagsTests",
            dependencies: [
                "Tags", "LabelgateCore", "Gate", "Ledger", "LedgerConformance",
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Receiving dock (issue 4): libusb transport (event thread, hotplug), device catalog, HID decoders (keyboard
        // wedge, HID POS) -> Scan -> Gate.accept at the scanner's station -> Verdict on an event stream.
        .target(
            name: "Scanners",
            dependencies: ["CLibUSB", "LabelgateCore", "Gate", .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "ScannersTests",
            dependencies: [
                "Scanners", "LabelgateCore", "Gate", "Ledger", "LedgerConformance", "labelgate",
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Print station (issue 3): libzint renders, Cairo draws text, zxing-cpp reads back; printers consume.
        .systemLibrary(
            name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "CZXing", path: "Sources/CZXing",
            linkerSettings: [.linkedLibrary("ZXing")]),
        .target(
            name: "Printing",
            dependencies: [
                "CZint", "CCairo", "CZlib", "CZXing", "LabelgateCore", "Gate", "Ledger",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "PrintingTests",
            dependencies: ["Printing", "Gate", "Ledger", "LedgerConformance", "LabelgateCore", "PrintingTestSupport"]),
        // Real printers for tests (ippeveprinter), shared by the printing and the daemon tests.
        .target(name: "PrintingTestSupport", path: "Tests/Support/PrintingTestSupport"),

        // PostgreSQL ledger (multi-site): the same LedgerStore on PostgreSQL, shared by several gateways. A separate
        // target so kiosks on SQLite need not link PostgresNIO.
        .target(
            name: "LedgerPostgres",
            dependencies: [
                "LabelgateCore", "Ledger",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "LedgerPostgresTests",
            dependencies: [
                "LabelgateCore", "Ledger", "LedgerConformance", "LedgerPostgres", "Gate",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // The daemon (issue 6): configuration, stations, the service group (ledger -> devices -> API -> systemd
        // notifier), the HTTP API on a Unix socket, the live event stream, metrics and the kiosk page.
        .target(
            name: "Daemon",
            dependencies: [
                "LabelgateCore", "Ledger", "LedgerPostgres", "Gate", "Scanners", "Printing", "Tags",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "labelgated", dependencies: ["Daemon"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "Gate", "Ledger", "LedgerConformance", "LabelgateCore", "Printing", "Scanners",
                "PrintingTestSupport", "Tags",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

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
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)

// MARK: fuzzing (issue 13): libFuzzer harnesses, their replay in the normal suite, and the fuzz-only driver

// The harness bodies (test support, never linked into a product) and the suite that replays every committed corpus
// and regression input through them.
package.targets += [
    .target(
        name: "FuzzHarnesses", dependencies: ["LabelgateCore", "Scanners", "Printing", "Daemon"],
        path: "Tests/Fuzz/Harnesses"),
    .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzHarnesses", "Scanners"], path: "Tests/FuzzReplayTests"),
]
// `LABELGATE_FUZZ=1` (scripts/fuzz, with its own --scratch-path .build-fuzz) adds the libFuzzer driver and instruments
// the parsers' modules for coverage. Without it, no target carries a sanitizer flag: normal and release builds are
// unaffected.
if ProcessInfo.processInfo.environment["LABELGATE_FUZZ"] == "1" {
    let instrumented: Set<String> = ["LabelgateCore", "Scanners", "Printing", "Daemon", "FuzzHarnesses"]
    for target in package.targets where instrumented.contains(target.name) {
        // -O: scripts/fuzz builds in debug (the dependencies compile several times faster than in release, which CI's
        // time budget needs); the instrumented modules, where the harnesses spend their time, are optimised.
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=fuzzer", "-O"])]
    }
    package.targets.append(
        .executableTarget(
            name: "labelgate-fuzz", dependencies: ["FuzzHarnesses"], path: "Tests/Fuzz/Driver",
            swiftSettings: [.unsafeFlags(["-sanitize=fuzzer", "-O"])],
            // lld: gold cannot link the driver's own `main` next to libFuzzer's (it calls LLVMFuzzerRunDriver).
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer", "-use-ld=lld"])]))
    package.products.append(.executable(name: "labelgate-fuzz", targets: ["labelgate-fuzz"]))
}
