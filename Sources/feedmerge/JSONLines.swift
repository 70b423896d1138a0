import Daemon
import Foundation

/// Cuts a JSON-lines file into its lines on bytes (`memchr`), not through `Data`'s
/// collection methods, which cost more than decoding the documents.
enum JSONLines {
    /// The byte ranges of `data`'s lines, without their `\n`, empty lines included (so that
    /// line numbers stay right).
    static func split(_ data: Data) -> [Range<Data.Index>] {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> [Range<Data.Index>] in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
            var lines: [Range<Data.Index>] = []
            var start = 0
            while start < buffer.count {
                let rest = buffer.count - start
                guard let newline = memchr(base + start, 0x0A, rest) else {
                    lines.append(data.startIndex + start ..< data.startIndex + buffer.count)
                    break
                }
                let end = base.distance(to: UnsafeRawPointer(newline))
                lines.append(data.startIndex + start ..< data.startIndex + end)
                start = end + 1
            }
            return lines
        }
    }

    /// True when `range` of `data` holds only spaces, tabs and carriage returns.
    static func isBlank(_ range: Range<Data.Index>, in data: Data) -> Bool {
        data[range].withUnsafeBytes { bytes in
            !bytes.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
        }
    }

    /// `transform` of every line, in order, computed on every core in slices of lines.
    static func concurrentMap<T: Sendable>(
        _ lines: [Range<Data.Index>], _ transform: @Sendable (Range<Data.Index>) -> T
    ) -> [T] {
        let slice = 256
        let slices = (lines.count + slice - 1) / slice
        let results = ConcurrentSlots<[T]>(count: slices)
        DispatchQueue.concurrentPerform(iterations: slices) { index in
            results.set(index, lines[index * slice ..< min((index + 1) * slice, lines.count)].map(transform))
        }
        return results.values.flatMap { $0 }
    }
}
