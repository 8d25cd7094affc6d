import MigrationCLI
#if canImport(Glibc)
import Glibc
#endif

// The executable is only this: the command layer parses, runs and reports; we exit with its status.
let status = await InteractionMigrate.main(Array(CommandLine.arguments.dropFirst()))
exit(status)
