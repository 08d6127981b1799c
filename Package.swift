// swift-tools-version: 6.1
// FeeSim: an agent-based simulator of property-fee collection plans.
//
// Architecture (each layer only depends on the ones above it):
//   CGSL               system library: GSL's headers, plus a shim for C globals Swift 6 cannot touch
//   CRename            system calls Glibc does not expose to Swift (renameat2), used only by ResultFolder
//   CXLSX              libxlsxwriter's headers, used only by FeeSimReports' Workbook
//   GSLKit             the one thin Swift wrapper that imports CGSL (generators, distributions, errors)
//   FeeSimModel        model definition, household state, monthly stepping, data collection — no I/O
//   FeeSimScenario     strict YAML scenario files (Yams) → model configuration, with `extends:`; ledgers (CSV, .xlsx)
//   FeeSimExperiments  Monte Carlo replications in parallel, aggregation across replications
//   FeeSimReports      CSV / JSON / Markdown writers and atomic result folders
//   FeeSimServer       the what-if workbench behind `feesim serve`: a JSON API and one page (Hummingbird)
//   feesim             the thin command-line tool (swift-argument-parser)
import PackageDescription

let package = Package(
    name: "FeeSim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "feesim", targets: ["feesim"]),
        .library(name: "FeeSimModel", targets: ["FeeSimModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `feesim serve` only; no optional traits (swift-configuration support is not used).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // `feesim import` of an .xlsx ledger: the zip container and its XML parts (read only).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        // Tests only: property-based generation for the input-fuzzing harness.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        .target(name: "GSLKit", dependencies: ["CGSL"]),
        // The operating-system calls Swift's Glibc does not expose (atomic exchange of two paths), for ResultFolder.
        .systemLibrary(name: "CRename"),
        // libxlsxwriter, for the comparison workbook.
        .systemLibrary(name: "CXLSX", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"]), .brew(["libxlsxwriter"])]),
        .target(name: "FeeSimModel", dependencies: ["GSLKit"]),
        .target(
            name: "FeeSimScenario",
            dependencies: [
                "FeeSimModel", "GSLKit", .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "XMLCoder", package: "XMLCoder"),
            ]),
        .target(name: "FeeSimExperiments", dependencies: ["FeeSimModel", "FeeSimScenario", "GSLKit"]),
        .target(name: "FeeSimReports", dependencies: ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "CRename", "CXLSX"]),
        .target(name: "FeeSimServer", dependencies: ["FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "FeeSimReports",
                                                     .product(name: "Hummingbird", package: "hummingbird"),
                                                     .product(name: "NIOCore", package: "swift-nio")]),
        .executableTarget(
            name: "feesim",
            dependencies: [
                "FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "FeeSimReports", "FeeSimServer", "GSLKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FeeSimTests",
            dependencies: ["GSLKit", "FeeSimModel", "FeeSimScenario", "FeeSimExperiments", "FeeSimReports", "FeeSimServer", "feesim",
                           // Hummingbird and NIOCore only: the workbench's tests use a plain loopback client, so the
                           // test build compiles no TLS (HummingbirdTesting would bring AsyncHTTPClient and BoringSSL).
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "PropertyBased", package: "swift-property-based"),
                           .product(name: "Yams", package: "Yams")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
