#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A small HTTP/1.1 server over POSIX sockets: one thread accepts, one thread serves each connection.
///
/// `init` binds and listens, so `port` is known (pass port 0 for any free one) and a taken port is
/// reported at once; `start()` begins accepting. Connections stay open between requests (keep-alive)
/// unless the client asks to close or speaks HTTP/1.0 without keep-alive, and are closed after
/// `idleTimeout` seconds without a request. Requests the parser refuses get the parser's status and
/// `Connection: close`. The handler's dispositions inject faults: `.drop`, `.truncate`, `.close`.
///
/// `shutdown()` stops accepting, closes every connection and joins every thread: once it returns, no
/// thread of this server runs the handler. It is idempotent and also runs when the server is freed.
/// Do not call it from inside the handler (it would wait for itself).
public final class HTTPServer: Sendable {
    /// Limits and timeouts.
    public struct Configuration: Sendable {
        /// The largest request head (request line and fields); more gets 431.
        public var maximumHeaderBytes: Int
        /// The largest request body; a larger `Content-Length` gets 413 before the body is read.
        public var maximumBodyBytes: Int
        /// Seconds a connection may wait between requests before the server closes it.
        public var idleTimeout: Double
        /// Seconds a started request may go without a new byte before the server answers 408 and
        /// closes the connection.
        public var readTimeout: Double
        /// Seconds a response may go without the client taking a byte before the server gives up on
        /// the connection.
        public var writeTimeout: Double
        /// Connections the kernel queues before the accept thread takes them.
        public var listenBacklog: Int32

        /// Creates a configuration; every value has a default suited to the emulator.
        public init(
            maximumHeaderBytes: Int = 16_384,
            maximumBodyBytes: Int = 64 << 20,
            idleTimeout: Double = 30,
            readTimeout: Double = 30,
            writeTimeout: Double = 30,
            listenBacklog: Int32 = 128
        ) {
            self.maximumHeaderBytes = maximumHeaderBytes
            self.maximumBodyBytes = maximumBodyBytes
            self.idleTimeout = idleTimeout
            self.readTimeout = readTimeout
            self.writeTimeout = writeTimeout
            self.listenBacklog = listenBacklog
        }
    }

    /// The address the server listens on, as given.
    public let host: String
    /// The bound port: the one asked for, or the one the system chose for port 0.
    public let port: UInt16
    /// The limits and timeouts in force.
    public let configuration: Configuration

    private let handler: any HTTPHandler
    private let listener: Int32
    /// `shutdown()` writes a byte here to wake the accept thread from `poll`.
    private let wakeReader: Int32
    private let wakeWriter: Int32
    private let connections = ConnectionRegistry()

    private struct Lifecycle {
        var acceptThread: JoinableThread?
        var isShutDown = false
    }

    /// Held for the whole of `start()` and `shutdown()`, so a second `shutdown()` waits for the first.
    private let lifecycle = Mutex(Lifecycle())

    /// Binds to `host` and `port` (0: any free port) and listens; call `start()` to serve.
    public init(
        host: String = "127.0.0.1",
        port: UInt16,
        configuration: Configuration = Configuration(),
        handler: any HTTPHandler
    ) throws(HTTPServerError) {
        let address: Socket.Address
        switch Socket.resolve(host: host, port: port, passive: true) {
        case let .success(addresses): address = addresses[0]
        case let .failure(error): throw .cannotResolveHost(host: host, reason: error.reason)
        }
        let fd = Socket.makeTCP(family: address.family)
        guard fd >= 0 else { throw .cannotCreateSocket(errno: errno) }
        // Lets a restarted emulator take its port back while old connections sit in TIME_WAIT.
        Socket.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
        var bindAddress = address
        let bound = withUnsafePointer(to: &bindAddress.storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, address.length) }
        }
        guard bound == 0 else {
            let code = errno
            _ = close(fd)
            throw .cannotBind(host: host, port: port, errno: code)
        }
        guard listen(fd, configuration.listenBacklog) == 0 else {
            let code = errno
            _ = close(fd)
            throw .cannotListen(host: host, port: port, errno: code)
        }
        guard let boundPort = Self.localPort(of: fd) else {
            let code = errno
            _ = close(fd)
            throw .cannotListen(host: host, port: port, errno: code)
        }
        // Non-blocking, so an accept after `poll` never blocks on a connection that vanished.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            let code = errno
            _ = close(fd)
            throw .cannotCreateSocket(errno: code)
        }
        Socket.setCloseOnExec(pipeEnds[0])
        Socket.setCloseOnExec(pipeEnds[1])
        self.host = host
        self.port = boundPort
        self.configuration = configuration
        self.handler = handler
        self.listener = fd
        self.wakeReader = pipeEnds[0]
        self.wakeWriter = pipeEnds[1]
    }

    deinit {
        shutdown()
    }

    /// Starts the accept thread; calling it again while serving does nothing.
    public func start() throws(HTTPServerError) {
        try lifecycle.withLock { (state: inout Lifecycle) throws(HTTPServerError) in
            guard !state.isShutDown else { throw .alreadyShutDown(host: host, port: port) }
            guard state.acceptThread == nil else { return }
            let loop = HTTPAcceptLoop(
                listener: listener,
                wakeReader: wakeReader,
                connections: connections,
                configuration: configuration,
                handler: handler
            )
            do throws(JoinableThread.SpawnError) {
                state.acceptThread = try JoinableThread.spawn { loop.run() }
            } catch {
                throw .cannotStartThread(errno: error.code)
            }
        }
    }

    /// The number of connections being served now.
    public var openConnectionCount: Int { connections.openCount }

    /// Stops accepting, closes every open connection, and waits for every thread of the server to end.
    ///
    /// A response being sent is cut off; a handler call in progress runs to its end first. The port is
    /// free again when this returns. Calling it again does nothing.
    public func shutdown() {
        lifecycle.withLock { state in
            guard !state.isShutDown else { return }
            state.isShutDown = true
            if let thread = state.acceptThread {
                var byte: UInt8 = 1
                while write(wakeWriter, &byte, 1) < 0 && errno == EINTR {}
                thread.join()
                state.acceptThread = nil
            }
            connections.closeAll()
            _ = close(listener)
            _ = close(wakeReader)
            _ = close(wakeWriter)
        }
    }

    /// The port `fd` is bound to, or nil with `errno` set.
    private static func localPort(of fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer -> UInt16 in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }
}
