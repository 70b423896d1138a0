#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The sd_notify protocol without libsystemd: datagrams such as `READY=1`,
/// `STATUS=...`, `WATCHDOG=1`, `RELOADING=1`, `STOPPING=1` sent to the Unix socket named
/// by `$NOTIFY_SOCKET` (a path, or an abstract name starting with `@`).
///
/// Without `$NOTIFY_SOCKET` (not started by systemd with `Type=notify`) every call is a
/// no-op. A failed send is reported to the caller's log, never fatal, and a send never
/// blocks.
public struct SystemdNotifier: Sendable {
    /// The socket address, or nil when not under systemd.
    public let socketPath: String?
    /// Half of `$WATCHDOG_USEC` (systemd's advice), or nil when the watchdog is off or
    /// meant for another process (`$WATCHDOG_PID`).
    public let watchdogInterval: Duration?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        var interval: Duration?
        if let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 {
            let forUs = environment["WATCHDOG_PID"].flatMap { Int32($0) }.map { $0 == getpid() } ?? true
            if forUs { interval = .microseconds(Int64(usec / 2)) }
        }
        watchdogInterval = path == nil ? nil : interval
    }

    /// The service is up: config loaded, store open.
    public func ready(status: String? = nil) throws(NotifyError) {
        try send(["READY=1"] + (status.map { ["STATUS=\(Self.oneLine($0))"] } ?? []))
    }

    /// A one-line human status, shown by `systemctl status`.
    public func status(_ text: String) throws(NotifyError) {
        try send(["STATUS=\(Self.oneLine(text))"])
    }

    /// Keep-alive for `WatchdogSec=`.
    public func watchdog() throws(NotifyError) {
        try send(["WATCHDOG=1"])
    }

    /// A reload starts; send `ready()` when it is over.
    public func reloading() throws(NotifyError) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let usec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        try send(["RELOADING=1", "MONOTONIC_USEC=\(usec)"])
    }

    /// Shutdown has begun.
    public func stopping() throws(NotifyError) {
        try send(["STOPPING=1"])
    }

    /// Sends one datagram of newline-separated assignments.
    public func send(_ assignments: [String]) throws(NotifyError) {
        guard let socketPath else { return }
        let message = assignments.joined(separator: "\n")
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw NotifyError(socket: socketPath, errno: errno, operation: "socket") }
        defer { close(descriptor) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        let abstract = pathBytes.first == UInt8(ascii: "@")
        if abstract { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else {
            throw NotifyError(socket: socketPath, errno: ENAMETOOLONG, operation: "address")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (abstract ? 0 : 1))
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withCString { text in
                    // Never blocks: a listener that stops reading must not stall the daemon
                    // (a full queue fails with EAGAIN and this one message is dropped).
                    sendto(descriptor, text, strlen(text), Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), socketAddress, length)
                }
            }
        }
        guard sent >= 0 else { throw NotifyError(socket: socketPath, errno: errno, operation: "sendto") }
    }

    private static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }
}

/// A notification that could not be sent.
public struct NotifyError: Error, Sendable, CustomStringConvertible {
    public var socket: String
    public var errno: Int32
    public var operation: String
    public var description: String { "\(socket): \(operation) failed: \(String(cString: strerror(errno)))" }
}
