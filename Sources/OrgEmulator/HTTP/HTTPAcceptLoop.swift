#if canImport(Glibc)
import Glibc
#endif

/// The accept thread's loop: waits on the listening socket and the wake pipe, starts a thread for
/// each connection, and joins the threads of connections that ended.
struct HTTPAcceptLoop: Sendable {
    let listener: Int32
    let wakeReader: Int32
    let connections: ConnectionRegistry
    let configuration: HTTPServer.Configuration
    let handler: any HTTPHandler

    /// Runs until `shutdown()` writes to the wake pipe.
    func run() {
        var entries = [
            pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeReader, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&entries, 2, -1)
            if ready < 0 {
                switch errno {
                case EINTR: continue
                case ENOMEM:
                    usleep(10_000)
                    continue
                default:
                    // A bad descriptor: a bug, and retrying would spin. `shutdown()` still joins.
                    return
                }
            }
            if entries[1].revents != 0 { return }
            guard entries[0].revents != 0 else { continue }
            // Glibc's module map leaves out accept4, so close-on-exec is set just after.
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                switch errno {
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: back off instead of spinning on the same
                    // pending connection.
                    usleep(10_000)
                default:
                    // EAGAIN (taken or gone), EINTR, ECONNABORTED: go back to waiting.
                    break
                }
                continue
            }
            Socket.setCloseOnExec(fd)
            Socket.setNoDelay(fd)
            Socket.setSendTimeout(fd, seconds: configuration.writeTimeout)
            connections.joinFinished()
            let connection = HTTPConnection(fd: fd, configuration: configuration, handler: handler)
            if !connections.startConnection(fd: fd, serve: { connection.run() }) {
                _ = close(fd)
            }
        }
    }
}
