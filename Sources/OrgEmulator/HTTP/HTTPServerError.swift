#if canImport(Glibc)
import Glibc
#endif

/// Why an `HTTPServer` could not start serving.
///
/// `errno` values are kept as numbers so callers can test for a cause (`EADDRINUSE`, ...);
/// `description` says in words what happened and what to try.
public enum HTTPServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `host` could not be turned into an address to listen on; `reason` is the resolver's.
    case cannotResolveHost(host: String, reason: String)
    /// The system refused a new socket (usually too many open files).
    case cannotCreateSocket(errno: Int32)
    /// The socket could not be bound to `host` and `port`: the port is taken, needs privileges, or
    /// the address is not this machine's.
    case cannotBind(host: String, port: UInt16, errno: Int32)
    /// The bound socket could not be made to listen, or its port could not be read back.
    case cannotListen(host: String, port: UInt16, errno: Int32)
    /// The thread that accepts connections could not be started.
    case cannotStartThread(errno: Int32)
    /// `start()` was called after `shutdown()`; a server serves once.
    case alreadyShutDown(host: String, port: UInt16)

    /// One lower-case sentence saying what failed and what to do, with no trailing period.
    public var description: String {
        switch self {
        case let .cannotResolveHost(host, reason):
            return "cannot listen on host \(host): \(reason); use an IP address such as 127.0.0.1"
        case let .cannotCreateSocket(code):
            return "cannot create a socket: \(Socket.reason(code)); close other programs' connections or raise the open-file limit (ulimit -n)"
        case let .cannotBind(host, port, code):
            switch code {
            case EADDRINUSE:
                return "port \(port) on \(host) is in use; choose another with --port or use --port 0"
            case EACCES:
                return "port \(port) on \(host) needs privileges to listen on; choose a port above 1023 with --port or use --port 0"
            case EADDRNOTAVAIL:
                return "cannot bind to \(Self.endpoint(host, port)): \(host) is not an address of this machine; use 127.0.0.1"
            default:
                return "cannot bind to \(Self.endpoint(host, port)): \(Socket.reason(code)); choose another address or port"
            }
        case let .cannotListen(host, port, code):
            return "cannot listen on \(Self.endpoint(host, port)): \(Socket.reason(code)); choose another address or port"
        case let .cannotStartThread(code):
            return "cannot start the server's accept thread: \(Socket.reason(code)); the system is out of threads or memory, try again with fewer processes running"
        case let .alreadyShutDown(host, port):
            return "the server on \(Self.endpoint(host, port)) was shut down and cannot start again; create a new server"
        }
    }

    /// `host:port`, with an IPv6 host in brackets.
    private static func endpoint(_ host: String, _ port: UInt16) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
