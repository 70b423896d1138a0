internal import CCurl
import Dispatch
import FeedModel
import Foundation
import Logging
import Synchronization

/// The thread that owns libcurl: one `CURLM` multi handle and every easy handle.
///
/// Other threads talk to it only through `submit` (a lock-protected command queue plus
/// `curl_multi_wakeup`) and `shutdown`. The thread starts with the first submitted fetch,
/// loops on `curl_multi_poll`, and resolves each fetch's `PendingFetch` when
/// `curl_multi_info_read` reports it done.
final class CurlMultiLoop: Sendable {
    /// A message to the loop thread.
    enum Command: Sendable {
        case add(id: UInt64, request: FetchRequest, pending: PendingFetch)
        case cancel(id: UInt64)
    }

    private enum Phase {
        case idle, running, stopping, stopped
    }

    private struct State {
        var phase: Phase = .idle
        var commands: [Command] = []
        /// The multi handle, published while the thread runs so `submit` can wake it.
        /// Set and cleared by the loop thread under the lock, and only used under the lock,
        /// so `curl_multi_wakeup` never races `curl_multi_cleanup`.
        var multi: WakeupHandle?
    }

    /// The multi handle as other threads may use it: only for `curl_multi_wakeup`, which libcurl
    /// documents as callable from any thread. `@unchecked Sendable` is sound because the handle
    /// is published in `State.multi` only while it is alive and every use happens under the lock.
    private struct WakeupHandle: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer
        func wake() { curl_multi_wakeup(multi) }
    }

    private let state = Mutex(State())
    private let nextID = Atomic<UInt64>(0)
    private let exited = DispatchGroup()
    private let limits: FetchLimits
    private let logger: Logger

    init(limits: FetchLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    /// A process-unique id for a new fetch.
    func makeID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Queues a command and wakes the thread, starting it on first use.
    /// Returns false once shutdown has begun (the command was not queued).
    @discardableResult
    func submit(_ command: Command) -> Bool {
        let (accepted, startThread) = state.withLock { state -> (Bool, Bool) in
            var start = false
            switch state.phase {
            case .stopping, .stopped:
                return (false, false)
            case .idle:
                if case .cancel = command { return (false, false) }
                state.phase = .running
                exited.enter()
                start = true
            case .running:
                break
            }
            state.commands.append(command)
            state.multi?.wake()
            return (true, start)
        }
        if startThread {
            let thread = Thread { [self] in
                run()
                exited.leave()
            }
            thread.name = "feedmerge.fetch"
            thread.start()
        }
        return accepted
    }

    /// Stops the thread: in-flight and queued fetches fail with `.cancelled`.
    /// With `wait`, returns only after the thread has released every libcurl handle.
    func shutdown(wait: Bool) {
        state.withLock { state in
            switch state.phase {
            case .idle: state.phase = .stopped
            case .running:
                state.phase = .stopping
                state.multi?.wake()
            case .stopping, .stopped: break
            }
        }
        if wait { exited.wait() }
    }

    // MARK: The loop thread

    private func run() {
        guard CurlGlobal.isInitialized, let multi = curl_multi_init() else {
            let leftovers = state.withLock { state in
                state.phase = .stopped
                defer { state.commands = [] }
                return state.commands
            }
            logger.error("libcurl initialisation failed; every fetch will fail")
            fail(leftovers, message: "libcurl could not be initialised")
            return
        }
        state.withLock { $0.multi = WakeupHandle(multi: multi) }
        // Politeness caps, enforced by libcurl across every transfer of this loop; transfers
        // over a cap wait in libcurl's queue. HTTP/2 multiplexing shares one connection.
        _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, limits.maxConnectionsPerHost))
        _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, limits.maxConnections))
        _ = CCurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        var transfers = Transfers()

        while true {
            let (commands, stopping) = state.withLock { state in
                defer { state.commands = [] }
                return (state.commands, state.phase == .stopping)
            }
            if stopping {
                fail(commands, message: "fetcher shut down")
                break
            }
            for command in commands {
                handle(command, multi: multi, transfers: &transfers)
            }
            var running: Int32 = 0
            let performCode = curl_multi_perform(multi, &running)
            if performCode != CURLM_OK {
                logger.error("curl_multi_perform failed", metadata: ["curl.mcode": "\(performCode.rawValue)"])
            }
            readCompletions(multi: multi, transfers: &transfers)
            let pollCode = curl_multi_poll(multi, nil, 0, 1000, nil)
            if pollCode != CURLM_OK {
                logger.error("curl_multi_poll failed", metadata: ["curl.mcode": "\(pollCode.rawValue)"])
                usleep(10_000)  // do not spin if polling keeps failing
            }
        }

        let leftovers = state.withLock { state in
            state.phase = .stopped
            state.multi = nil
            defer { state.commands = [] }
            return state.commands
        }
        fail(leftovers, message: "fetcher shut down")
        for transfer in transfers.removeAll() {
            transfer.close(removingFrom: multi)
            transfer.pending.resolve(.failure(FetchError(url: transfer.request.url, kind: .cancelled, message: "fetcher shut down")))
        }
        curl_multi_cleanup(multi)
    }

    private func handle(_ command: Command, multi: UnsafeMutableRawPointer, transfers: inout Transfers) {
        switch command {
        case .add(let id, let request, let pending):
            guard !pending.isResolved else { return }  // cancelled before it got here
            let transfer: CurlTransfer
            do {
                transfer = try CurlTransfer.make(id: id, request: request, pending: pending, limits: limits)
            } catch {
                pending.resolve(.failure(error))
                return
            }
            let code = curl_multi_add_handle(multi, transfer.easy)
            guard code == CURLM_OK else {
                transfer.close(removingFrom: nil)
                let message = String(cString: curl_multi_strerror(code))
                pending.resolve(.failure(FetchError(
                    url: request.url, kind: .curl(code: Int(code.rawValue), name: "CURLM \(code.rawValue)"),
                    message: "curl_multi_add_handle failed: \(message)"
                )))
                return
            }
            transfers.insert(transfer)
        case .cancel(let id):
            guard let transfer = transfers.remove(id: id) else { return }  // finished already
            transfer.close(removingFrom: multi)
            transfer.pending.resolve(.failure(FetchError(url: transfer.request.url, kind: .cancelled, message: "fetch cancelled")))
            logger.debug("fetch cancelled", metadata: ["source.url": "\(transfer.request.url)"])
        }
    }

    private func readCompletions(multi: UnsafeMutableRawPointer, transfers: inout Transfers) {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            guard let transfer = transfers.remove(easy: easy) else { continue }
            let outcome = transfer.outcome(code: code)
            transfer.close(removingFrom: multi)  // invalidates `message`; read above
            log(outcome, url: transfer.request.url)
            transfer.pending.resolve(outcome)
        }
    }

    private func fail(_ commands: [Command], message: String) {
        for case .add(_, let request, let pending) in commands {
            pending.resolve(.failure(FetchError(url: request.url, kind: .cancelled, message: message)))
        }
    }

    private func log(_ outcome: PendingFetch.Outcome, url: String) {
        switch outcome {
        case .success(.modified(let body)):
            logger.debug("fetched", metadata: [
                "source.url": "\(url)", "fetch.status": "\(body.status)", "fetch.bytes": "\(body.body.count)",
            ])
        case .success(.notModified(let info)):
            logger.debug("not modified", metadata: ["source.url": "\(url)", "fetch.status": "\(info.status)"])
        case .failure(let error):
            logger.debug("fetch failed", metadata: ["source.url": "\(url)", "fetch.error": "\(error)"])
        }
    }
}

/// The loop thread's live transfers, by fetch id and by easy handle.
private struct Transfers {
    private var byID: [UInt64: CurlTransfer] = [:]
    private var byHandle: [UnsafeMutableRawPointer: UInt64] = [:]

    mutating func insert(_ transfer: CurlTransfer) {
        byID[transfer.id] = transfer
        byHandle[transfer.easy] = transfer.id
    }

    mutating func remove(id: UInt64) -> CurlTransfer? {
        guard let transfer = byID.removeValue(forKey: id) else { return nil }
        byHandle.removeValue(forKey: transfer.easy)
        return transfer
    }

    mutating func remove(easy: UnsafeMutableRawPointer) -> CurlTransfer? {
        guard let id = byHandle.removeValue(forKey: easy) else { return nil }
        return byID.removeValue(forKey: id)
    }

    mutating func removeAll() -> [CurlTransfer] {
        defer { byID = [:]; byHandle = [:] }
        return Array(byID.values)
    }
}
