import TOMLKit

/// Reads one TOML table key by key, turning every type mismatch and unknown key into a
/// `ConfigError` that names the file, line and dotted key.
struct TableReader {
    let table: TOMLTable
    /// Dotted path of this table (`""` for the root, `"source[2]"`).
    let path: String
    let file: String
    let locator: TOMLLineLocator
    private var seen: Set<String> = []

    init(table: TOMLTable, path: String, file: String, locator: TOMLLineLocator) {
        self.table = table
        self.path = path
        self.file = file
        self.locator = locator
    }

    /// The dotted path of `key` in this table.
    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error about `key` (or the table itself when nil), positioned at its line.
    func error(_ key: String?, _ message: String) -> ConfigError {
        let full = key.map(keyPath) ?? (path.isEmpty ? nil : path)
        return ConfigError(file: file, line: full.flatMap(locator.line(of:)), key: full, message: message)
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw error(key, "expected a string, found \(value.type)") }
        return string
    }

    mutating func requiredString(_ key: String) throws(ConfigError) -> String {
        guard let value = try string(key) else { throw error(nil, "missing required key \"\(key)\"") }
        return value
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let int = value.int else { throw error(key, "expected an integer, found \(value.type)") }
        guard range.contains(int) else {
            throw error(key, "\(int) is out of range (\(range.lowerBound)...\(range.upperBound))")
        }
        return int
    }

    mutating func double(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let double = value.double ?? value.int.map(Double.init) else {
            throw error(key, "expected a number, found \(value.type)")
        }
        guard range.contains(double) else {
            throw error(key, "\(double) is out of range (\(range.lowerBound)...\(range.upperBound))")
        }
        return double
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw error(key, "expected true or false, found \(value.type)") }
        return bool
    }

    /// A duration: an integer number of seconds, or a string such as `"90s"`, `"30m"`, `"2h"`, `"1d"`.
    mutating func duration(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        let seconds: Int
        if let int = value.int {
            seconds = int
        } else if let text = value.string, let parsed = DurationText.seconds(text) {
            seconds = parsed
        } else {
            throw error(key, "expected a duration such as \"30m\", \"2h\" or a number of seconds, found \(value.debugDescription)")
        }
        guard range.contains(seconds) else {
            throw error(key, "\(seconds) s is out of range (\(range.lowerBound)...\(range.upperBound) s)")
        }
        return seconds
    }

    mutating func subtable(_ key: String) throws(ConfigError) -> TableReader? {
        seen.insert(key)
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { throw error(key, "expected a table [\(keyPath(key))], found \(value.type)") }
        return TableReader(table: sub, path: keyPath(key), file: file, locator: locator)
    }

    mutating func tableArray(_ key: String) throws(ConfigError) -> [TableReader] {
        seen.insert(key)
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw error(key, "expected an array of tables [[\(keyPath(key))]], found \(value.type)") }
        var readers: [TableReader] = []
        for (index, element) in array.enumerated() {
            let elementPath = "\(keyPath(key))[\(index)]"
            guard let sub = element.table else {
                throw ConfigError(file: file, line: locator.line(of: keyPath(key)), key: elementPath, message: "expected a table, found \(element.type)")
            }
            readers.append(TableReader(table: sub, path: elementPath, file: file, locator: locator))
        }
        return readers
    }

    /// Fails on the first key that was never asked for: a typo must not pass silently.
    func rejectUnknownKeys() throws(ConfigError) {
        for key in table.keys.sorted() where !seen.contains(key) {
            throw error(key, "unknown key")
        }
    }
}

/// Parses human durations: `"45s"`, `"30m"`, `"2h"`, `"1d"`, `"1h30m"` or plain seconds `"600"`.
enum DurationText {
    static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: " \t")
        if let plain = Int(trimmed) { return plain }
        var total = 0
        var number = 0
        var haveDigits = false
        for scalar in trimmed.unicodeScalars {
            if let digit = Int(String(scalar)), scalar.isASCII {
                number = number * 10 + digit
                haveDigits = true
                if number > 100_000_000 { return nil }
                continue
            }
            guard haveDigits else { return nil }
            switch scalar {
            case "s": total += number
            case "m": total += number * 60
            case "h": total += number * 3600
            case "d": total += number * 86400
            default: return nil
            }
            number = 0
            haveDigits = false
        }
        return haveDigits || total == 0 ? nil : total
    }
}
