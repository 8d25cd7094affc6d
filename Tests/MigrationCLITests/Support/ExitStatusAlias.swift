import MigrationCLI

/// Swift Testing has its own `ExitStatus` (for exit tests); in this module the name means the tool's.
typealias ExitStatus = MigrationCLI.ExitStatus
