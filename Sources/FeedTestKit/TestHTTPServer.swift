import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real HTTP/1.1 server on 127.0.0.1 for tests: scripted routes, recorded requests,
/// connection counts.
///
/// ```swift
/// let server = try TestHTTPServer()
/// server.route("/feed.xml", .ok("<rss/>").header("ETag", "\"v1\""))
/// try server.start()
/// defer { server.stop() }
/// // fetch server.url("/feed.xml") ...
/// #expect(server.requests.count == 1)
/// ```
///
/// `init` binds an ephemeral port (so `port` and `baseURL` are known at once); `start` begins
/// accepting. Each connection gets a thread, serves one request and closes (`Connection: close`).
/// Unknown paths answer 404. `stop` closes the listener and every connection, wakes every
/// delayed or trickling response, and waits for the server's threads to end.
public final class TestHTTPServer: Sendable {
    /// A socket call failed.
    public struct SocketError: Error, CustomStringConvertible {
        /// The failing call, e.g. `bind`.
        public var call: String
        /// `errno` after the call.
        public var code: Int32
        public var description: String { "TestHTTPServer: \(call) failed: \(String(cString: strerror(code)))" }
    }

    private struct State {
        var routes: [String: Response] = [:]
        var requests: [Request] = []
        var connections: Set<Int32> = []
        var currentConnections = 0
        var maxConnections = 0
        var started = false
        var listenerOpen = true
    }

    /// The port the server listens on.
    public let port: Int
    private let listener: Int32
    private let state = Mutex(State())
    private let stopSignal = StopSignal()
    private let threads = DispatchGroup()

    /// Binds 127.0.0.1 on an ephemeral port and listens; call `start` to serve.
    public init() throws {
        let fd = socket(AF_INET, Socket.stream, 0)
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw SocketError(call: "bind/listen", code: code)
        }
        var actual = sockaddr_in()
        var actualLength = length
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw SocketError(call: "getsockname", code: code)
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Binds, routes and starts a server in one call.
    public static func started(routes: [String: Response] = [:]) throws -> TestHTTPServer {
        let server = try TestHTTPServer()
        for (path, response) in routes { server.route(path, response) }
        try server.start()
        return server
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The absolute URL of `path` (which starts with `/`) on this server.
    public func url(_ path: String) -> String { baseURL + path }

    /// Answers requests for `path` (matched against the full target first, then without the query).
    /// Replaces an earlier route for the same path; may be called while serving.
    public func route(_ path: String, _ response: Response) {
        state.withLock { $0.routes[path] = response }
    }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// Requests received for `path` (without query).
    public func requests(for path: String) -> [Request] {
        requests.filter { $0.path == path }
    }

    /// Connections open right now.
    public var currentConnections: Int { state.withLock { $0.currentConnections } }

    /// The most connections the client held open at the same time, counted at each accept
    /// (a connection the client has already hung up on does not count).
    public var maxConcurrentConnections: Int { state.withLock { $0.maxConnections } }

    /// Starts accepting connections on a background thread. Calling it again does nothing.
    public func start() throws {
        let shouldStart = state.withLock { state -> Bool in
            guard !state.started, state.listenerOpen else { return false }
            state.started = true
            return true
        }
        guard shouldStart else { return }
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        thread.name = "TestHTTPServer.accept"
        thread.start()
    }

    /// Stops serving: closes the listener and every connection, interrupts delays and trickles,
    /// and waits (up to 5 s) for the server's threads to finish. Safe to call more than once.
    public func stop() {
        stopSignal.fire()
        let closeListenerHere = state.withLock { state -> Bool in
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
            defer { state.listenerOpen = false }
            return state.listenerOpen && !state.started  // otherwise the accept thread closes it
        }
        if closeListenerHere { close(listener) }
        _ = threads.wait(timeout: .now() + 5)
    }

    // MARK: Accepting

    private func acceptLoop() {
        defer { close(listener) }
        while !stopSignal.isFired {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 50)
            guard ready > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            let admitted = state.withLock { state -> Bool in
                guard !stopSignal.isFired else { return false }
                // The client's count: a connection it has hung up on (its end waiting to be
                // read) is no longer its own, though this server's thread may not have closed
                // it yet. (A client that closes one connection and opens the next at once
                // would otherwise be seen holding two.)
                let held = state.connections.filter { !Socket.peerHasClosed($0) }.count + 1
                state.connections.insert(fd)
                state.currentConnections += 1
                state.maxConnections = max(state.maxConnections, held)
                return true
            }
            guard admitted else {
                close(fd)
                continue
            }
            threads.enter()
            let thread = Thread { [self] in
                serve(fd)
                state.withLock { state in
                    state.connections.remove(fd)
                    state.currentConnections -= 1
                }
                close(fd)  // after leaving the set, so stop() never shuts down a reused descriptor
                threads.leave()
            }
            thread.name = "TestHTTPServer.connection"
            thread.start()
        }
    }

    // MARK: Serving one connection

    private func serve(_ fd: Int32) {
        guard let request = readRequest(fd) else { return }
        var response = state.withLock { state -> Response in
            state.requests.append(request)
            return state.routes[request.target] ?? state.routes[request.path] ?? .status(404)
        }
        var depth = 0
        while let handler = response.handler, depth < 8 {
            response = handler(request)
            depth += 1
        }
        guard stopSignal.sleep(for: response.delay) else { return }
        if let raw = response.raw {
            _ = Socket.send(fd, raw)
            shutdown(fd, Int32(SHUT_WR))
            return
        }
        sendResponse(response, method: request.method, on: fd)
        shutdown(fd, Int32(SHUT_WR))
    }

    private func sendResponse(_ response: Response, method: String, on fd: Int32) {
        var head = "HTTP/1.1 \(response.status) \(Response.reason(for: response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let bodyAllowed = method != "HEAD" && response.status != 304 && response.status != 204
        switch response.framing {
        case .contentLength: if response.status != 304, response.status != 204 { head += "Content-Length: \(response.body.count)\r\n" }
        case .declaredLength(let length): head += "Content-Length: \(length)\r\n"
        case .closeDelimited: break
        case .chunked: head += "Transfer-Encoding: chunked\r\n"
        }
        head += "Connection: close\r\n\r\n"
        guard Socket.send(fd, Array(head.utf8)), bodyAllowed else { return }

        var body = response.body
        let cut = response.closeAfterBodyBytes.map { min($0, body.count) }
        if let cut { body = Array(body[..<cut]) }
        let step = response.trickle?.bytes ?? 64 * 1024
        var offset = 0
        while offset < body.count {
            if offset > 0, let trickle = response.trickle, !stopSignal.sleep(for: trickle.interval) { return }
            let end = min(offset + step, body.count)
            let piece = Array(body[offset..<end])
            let bytes = response.framing == .chunked
                ? Array((String(piece.count, radix: 16) + "\r\n").utf8) + piece + Array("\r\n".utf8)
                : piece
            guard Socket.send(fd, bytes) else { return }
            offset = end
        }
        if response.framing == .chunked, cut == nil { _ = Socket.send(fd, Array("0\r\n\r\n".utf8)) }
    }

    /// Reads the request line and headers (the body, if any, is ignored).
    private func readRequest(_ fd: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        while buffer.count < 64 * 1024 {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
            if let first = buffer.first, !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) {
                // Not a request line (a TLS handshake sent to this plain server, say): answer
                // as a plain HTTP server does, and hang up.
                _ = Socket.send(fd, Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
                return nil
            }
            if let end = buffer.firstRange(of: terminator) {
                return Self.parseRequestHead(buffer[..<end.lowerBound])
            }
        }
        return nil
    }

    static func parseRequestHead(_ bytes: ArraySlice<UInt8>) -> Request? {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count >= 2 else { return nil }
        var headers: [Header] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(Header(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            ))
        }
        return Request(method: String(parts[0]), target: String(parts[1]), headers: headers)
    }
}

/// Socket helpers that differ between Glibc and Darwin.
private enum Socket {
    #if canImport(Glibc)
    static let stream = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    static let stream = SOCK_STREAM
    static let sendFlags: Int32 = 0
    #endif

    /// Whether the peer has closed its end of `fd` (or reset it): reading would find the end
    /// of the stream. Reads nothing.
    static func peerHasClosed(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    }

    /// Sends every byte; false if the peer went away.
    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress?.advanced(by: offset), buffer.count - offset, sendFlags)
            }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}
