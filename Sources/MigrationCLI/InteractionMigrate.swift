import Essentials
#if canImport(Glibc)
import Glibc
#endif

/// Entry point of the command line: parses `arguments`, runs the command and returns the exit status.
public enum InteractionMigrate {
    public static func main(_ arguments: [String]) async -> Int32 {
        return 0
    }
}
