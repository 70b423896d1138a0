import Foundation
import Testing
@testable import FeedParse

@Suite("Date parsing")
struct FeedDateTests {
    @Test(arguments: [
        ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
        ("10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
        ("Tue, 10 Jun 03 04:00:00 UT", "2003-06-10T04:00:00Z"),
        ("Tue, 10 Jun 2003 04:00 Z", "2003-06-10T04:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 +0200", "2003-06-10T02:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 -0530", "2003-06-10T09:30:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T09:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 EDT", "2003-06-10T08:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 CST", "2003-06-10T10:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 CDT", "2003-06-10T09:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 MST", "2003-06-10T11:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 MDT", "2003-06-10T10:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 PST", "2003-06-10T12:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 PDT", "2003-06-10T11:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 A", "2003-06-10T05:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 N", "2003-06-10T03:00:00Z"),
        ("Tuesday, 10 June 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
        ("Sun, 31 Dec 1999 23:59:59 GMT", "1999-12-31T23:59:59Z"),
        ("2003-12-31", "2003-12-31T00:00:00Z"),
        ("2003-12", "2003-12-01T00:00:00Z"),
        ("2003-12-31T10:14Z", "2003-12-31T10:14:00Z"),
        ("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"),
        ("2003-12-31T10:14:55.75Z", "2003-12-31T10:14:55Z"),
        ("2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"),
        ("2003-12-31T10:14:55+0100", "2003-12-31T09:14:55Z"),
        ("2004-02-29T00:00:00Z", "2004-02-29T00:00:00Z"),
        ("20031231T101455Z", "2003-12-31T10:14:55Z"),
        ("  2003-12-31T10:14:55Z\n", "2003-12-31T10:14:55Z"),
    ])
    func readable(input: String, expected: String) throws {
        let date = try #require(FeedDate.parse(input))
        #expect(FeedDate.format(date) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "2003-13-01", "2003-02-30", "Tue, 32 Jun 2003 04:00:00 GMT",
        "2003-12-31T25:00:00Z", "not a date at all", "12345",
    ])
    func unreadable(input: String) {
        #expect(FeedDate.parse(input) == nil)
    }

    @Test func formatBeforeEpoch() {
        #expect(FeedDate.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
