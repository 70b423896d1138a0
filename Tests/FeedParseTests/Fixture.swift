import Foundation
import Testing

/// Reads test fixtures from `Fixtures/` (copied into the test bundle).
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let directory = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures")
        return [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func iso(_ date: Date?) -> String? {
        guard let date else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
