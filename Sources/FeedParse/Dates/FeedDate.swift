import FoundationEssentials

/// Fast parsing and formatting of the dates feeds carry (no `DateFormatter` on the hot path).
///
/// Reads RFC 822/1123/2822 (`Tue, 10 Jun 2003 04:00:00 GMT`, day name optional, 2- or
/// 4-digit years, `GMT`/`UT`/`Z`, US zones, military letters, `+hhmm`) and ISO 8601 /
/// W3C-DTF (`2003-12-31`, `2003-12-31T10:14Z`, `2003-12-31T10:14:55.25-05:00`).
public enum FeedDate {
    /// The instant `string` denotes, or nil when it cannot be read.
    public static func parse(_ string: String) -> Date? {
        let bytes = Array(string.utf8)
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard end - start >= 4 else { return nil }
        let slice = bytes[start..<end]
        if isDigit(slice[start]), let date = parseISO(slice) {
            return date
        }
        return parseRFC822(slice)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var yearText = String(year)
        while yearText.count < 4 { yearText = "0" + yearText }
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    // MARK: - ISO 8601 / W3C-DTF

    private static func parseISO(_ s: ArraySlice<UInt8>) -> Date? {
        var i = s.startIndex
        let end = s.endIndex
        guard let year = digits(s, &i, count: 4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0.0, offset = 0
        let dashed = i < end && s[i] == UInt8(ascii: "-")
        if dashed { i += 1 }
        if i < end, isDigit(s[i]) {
            guard let m = digits(s, &i, count: 2) else { return nil }
            month = m
            if dashed, i < end, s[i] == UInt8(ascii: "-") { i += 1 }
            if i < end, isDigit(s[i]) {
                guard let d = digits(s, &i, count: 2) else { return nil }
                day = d
            }
        }
        if i < end, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = digits(s, &i, count: 2) else { return nil }
            hour = h
            if i < end, s[i] == UInt8(ascii: ":") { i += 1 }
            guard let mi = digits(s, &i, count: 2) else { return nil }
            minute = mi
            if i < end, s[i] == UInt8(ascii: ":") { i += 1 }
            if i < end, isDigit(s[i]) {
                guard let se = digits(s, &i, count: 2) else { return nil }
                second = Double(se)
                if i < end, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
                    i += 1
                    var scale = 0.1
                    while i < end, isDigit(s[i]) {
                        second += Double(s[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
            while i < end, isSpace(s[i]) { i += 1 }
            if i < end {
                guard let zone = numericOrLetterZone(s[i..<end]) else { return nil }
                offset = zone
                i = end
            }
        }
        while i < end, isSpace(s[i]) { i += 1 }
        guard i == end else { return nil }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    // MARK: - RFC 822 and friends

    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    private static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    private static func parseRFC822(_ s: ArraySlice<UInt8>) -> Date? {
        // Tokens: words, numbers, times; separators are spaces, commas, dashes between words.
        var tokens: [String] = []
        var current: [UInt8] = []
        for byte in s {
            if isSpace(byte) || byte == UInt8(ascii: ",") {
                if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)); current = [] }
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && !current.isEmpty && !current.contains(UInt8(ascii: ":")) {
                // "10-Jun-2003": split; "+0100" after a time is its own token below.
                tokens.append(String(decoding: current, as: UTF8.self))
                current = byte == UInt8(ascii: "+") ? [byte] : []
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && current.contains(UInt8(ascii: ":")) {
                tokens.append(String(decoding: current, as: UTF8.self))
                current = [byte]
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
        guard !tokens.isEmpty else { return nil }
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?, offset: Int?
        for token in tokens {
            let lower = token.lowercasedIfASCIIUppercase
            if time == nil, token.utf8.contains(UInt8(ascii: ":")) {
                let parts = token.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count >= 2, parts.count <= 3, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
                let sec = parts.count == 3 ? Int(parts[2].prefix(2)) : 0
                guard let sec else { return nil }
                time = (h, m, sec)
            } else if month == nil, lower.count >= 3, let m = months[String(lower.prefix(3))] {
                month = m
            } else if let number = Int(token), !token.hasPrefix("+"), !token.hasPrefix("-") {
                if day == nil, month == nil || token.count <= 2, number >= 1, number <= 31, token.count <= 2 {
                    day = number
                } else if year == nil {
                    year = token.count <= 2 ? (number < 50 ? 2000 + number : 1900 + number) : number
                } else {
                    return nil
                }
            } else if offset == nil, time != nil || year != nil, let zone = zoneOffset(lower) {
                offset = zone
            } else if lower == "am" || lower == "pm" {
                if var t = time {
                    if lower == "pm", t.0 < 12 { t.0 += 12 }
                    if lower == "am", t.0 == 12 { t.0 = 0 }
                    time = t
                }
            } else if day == nil, month == nil {
                continue // stray word before the date
            } else if offset == nil, time != nil, (2...5).contains(token.count), token.allSatisfy(\.isLetter) {
                offset = 0 // an unknown zone name (BST, CEST): read as UTC, as feedparser does
            } else {
                return nil
            }
        }
        guard let day, let month, let year else { return nil }
        let t = time ?? (0, 0, 0)
        return make(year: year, month: month, day: day, hour: t.0, minute: t.1, second: Double(t.2), offset: offset ?? 0)
    }

    /// Seconds east of UTC for a zone token (`gmt`, `est`, `+0100`, `-05:00`, military letter).
    private static func zoneOffset(_ token: String) -> Int? {
        if let hours = zones[token] { return hours * 3600 }
        let bytes = Array(token.utf8)
        if bytes.count == 1, let letter = bytes.first, letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z"), letter != UInt8(ascii: "j") {
            // RFC 822 military zones; their signs are famously unreliable, RFC 2822 says treat as -0000,
            // but feed readers (feedparser) use the RFC 822 meaning.
            return militaryOffset(letter) * 3600
        }
        return numericOrLetterZone(bytes[...])
    }

    private static func militaryOffset(_ letter: UInt8) -> Int {
        let c = Int(letter)
        let a = Int(UInt8(ascii: "a")), j = Int(UInt8(ascii: "j")), m = Int(UInt8(ascii: "m")), n = Int(UInt8(ascii: "n"))
        let y = Int(UInt8(ascii: "y"))
        if c == Int(UInt8(ascii: "z")) { return 0 }
        if c >= a && c < j { return -(c - a + 1) }
        if c > j && c <= m { return -(c - a) }
        if c >= n && c <= y { return c - n + 1 }
        return 0
    }

    /// `Z`, `+hh:mm`, `+hhmm`, `+hh`, `-...`.
    private static func numericOrLetterZone(_ s: ArraySlice<UInt8>) -> Int? {
        guard let first = s.first else { return nil }
        if s.count == 1, first == UInt8(ascii: "Z") || first == UInt8(ascii: "z") { return 0 }
        guard first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else {
            let word = String(decoding: s, as: UTF8.self).lowercased()
            return zones[word].map { $0 * 3600 }
        }
        var i = s.startIndex + 1
        guard let hours = digits(s, &i, count: 2) else { return nil }
        var minutes = 0
        if i < s.endIndex, s[i] == UInt8(ascii: ":") { i += 1 }
        if i < s.endIndex {
            guard let m = digits(s, &i, count: 2) else { return nil }
            minutes = m
        }
        guard i == s.endIndex, hours <= 23, minutes <= 59 else { return nil }
        let total = hours * 3600 + minutes * 60
        return first == UInt8(ascii: "-") ? -total : total
    }

    // MARK: - Arithmetic

    private static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double, offset: Int) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              (0...24).contains(hour), (0...59).contains(minute), second >= 0, second < 61 else { return nil }
        if hour == 24, minute != 0 || second != 0 { return nil }
        let days = self.days(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 - offset) + min(second, 59.999_999)
        return Date(timeIntervalSince1970: seconds)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func digits(_ s: ArraySlice<UInt8>, _ i: inout Int, count: Int) -> Int? {
        guard i + count <= s.endIndex else { return nil }
        var value = 0
        for k in i..<(i + count) {
            guard isDigit(s[k]) else { return nil }
            value = value * 10 + Int(s[k] - 48)
        }
        i += count
        return value
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
}
