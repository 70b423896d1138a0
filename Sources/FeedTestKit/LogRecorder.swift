import Logging
import Synchronization

/// Messages logged through a `Logger`, for tests that check what a component reported.
public final class LogRecorder: Sendable {
    private let messages = Mutex<[String]>([])

    public init() {}

    /// A debug-level logger that records into this recorder.
    public func logger() -> Logger {
        Logger(label: "feedmerge-tests") { _ in Handler(recorder: self) }
    }

    /// Every message so far.
    public var recorded: [String] { messages.withLock { $0 } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .debug

        func log(event: LogEvent) {
            recorder.messages.withLock { $0.append(event.message.description) }
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
    }
}
