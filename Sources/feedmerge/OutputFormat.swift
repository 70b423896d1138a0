import ArgumentParser
import Foundation

/// Output formats of the listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// For people: aligned, one block per item.
    case text
    /// One JSON object per line, for scripts.
    case jsonl
    /// One JSON array, for scripts and tools that read a whole document.
    case json
}

/// Writes Encodable values as JSON lines on stdout.
struct JSONLinesWriter {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(TimeText.iso8601(date))
        }
        return encoder
    }()

    func write(_ value: some Encodable) throws {
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    /// `records` as JSON lines, or as one pretty-printed JSON array for `.json`.
    func write<Record: Encodable>(_ records: [Record], as format: OutputFormat) throws {
        guard format == .json else {
            for record in records { try write(record) }
            return
        }
        encoder.outputFormatting.insert(.prettyPrinted)
        defer { encoder.outputFormatting.remove(.prettyPrinted) }
        try write(records)
    }
}
