import Foundation

/// Parsing and printing of times on the command line.
enum TimeText {
    /// `"24h"`, `"90m"`, `"7d"`, `"2w"`, `"3600s"` or plain seconds -> seconds.
    static func duration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let seconds = Double(trimmed), seconds >= 0 { return seconds }
        guard let unit = trimmed.last, let value = Double(trimmed.dropLast()), value >= 0 else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * 86400
        case "w": return value * 7 * 86400
        default: return nil
        }
    }

    nonisolated(unsafe) private static let iso: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()

    nonisolated(unsafe) private static let isoFractional: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    /// ISO-8601 UTC, `2026-11-22T21:04:00Z`.
    static func iso8601(_ date: Date) -> String { iso.string(from: date) }

    /// Reads an ISO-8601 time (with or without fractional seconds, or a bare date).
    static func parseISO8601(_ text: String) -> Date? {
        if let date = iso.date(from: text) ?? isoFractional.date(from: text) { return date }
        return iso.date(from: text + "T00:00:00Z")
    }

    /// `2026-11-22 21:04` in local time, for people.
    static func short(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// "45 s", "12 min", "3 h", "2 d".
    static func span(_ seconds: Double) -> String {
        switch seconds {
        case ..<60: return "\(Int(seconds)) s"
        case ..<3600: return "\(Int(seconds / 60)) min"
        case ..<172_800: return "\(Int(seconds / 3600)) h"
        default: return "\(Int(seconds / 86400)) d"
        }
    }

    /// "3 min ago", "in 12 min", "2 h ago" relative to `now`.
    static func relative(_ date: Date, now: Date = Date()) -> String {
        let seconds = date.timeIntervalSince(now)
        let magnitude = abs(seconds)
        let text: String
        switch magnitude {
        case ..<60: text = "\(Int(magnitude)) s"
        case ..<3600: text = "\(Int(magnitude / 60)) min"
        case ..<172_800: text = "\(Int(magnitude / 3600)) h"
        default: text = "\(Int(magnitude / 86400)) d"
        }
        return seconds < 0 ? "\(text) ago" : "in \(text)"
    }
}
