// swift-tools-version:6.0
import PackageDescription

// No dependencies: the product builds with the Swift toolchain alone.
let package = Package(
    name: "interaction-migrate",
    products: [
        .executable(name: "interaction-migrate", targets: ["interaction-migrate"]),
        .library(name: "Essentials", targets: ["Essentials"]),
    ],
    targets: [
        // The ground floor: JSON, SHA-256, files, command-line parsing. Knows nothing about Genesys.
        .target(name: "Essentials"),
        // The product: every phase of a migration, the org client, mapping files, state.
        .target(name: "MigrationKit", dependencies: ["Essentials"]),
        // The emulated Genesys Cloud orgs, served over HTTP on loopback. Never imports MigrationKit:
        // both sides implement contract.md from its text and meet only over HTTP.
        .target(name: "OrgEmulator", dependencies: ["Essentials"]),
        // The command layer: command table, dispatch, output, exit statuses.
        .target(name: "MigrationCLI", dependencies: ["Essentials", "MigrationKit", "OrgEmulator"]),
        // The thin executable: hands argv to MigrationCLI and exits with its status.
        .executableTarget(name: "interaction-migrate", dependencies: ["MigrationCLI"]),
        .testTarget(
            name: "EssentialsTests",
            dependencies: ["Essentials"],
            resources: [.copy("Fixtures")]
        ),
        // Tests may start the emulator and talk to it over loopback HTTP; MigrationKit itself never imports it.
        .testTarget(name: "MigrationKitTests", dependencies: ["MigrationKit", "Essentials", "OrgEmulator"]),
        .testTarget(name: "OrgEmulatorTests", dependencies: ["OrgEmulator", "Essentials"]),
        // Runs the built binary, as an admin would.
        .testTarget(name: "EndToEndTests", dependencies: ["interaction-migrate", "Essentials", "OrgEmulator", "MigrationKit"]),
        .testTarget(name: "MigrationCLITests", dependencies: ["MigrationCLI", "Essentials"]),
    ],
    swiftLanguageModes: [.v6]
)
