/// A config file that cannot be used, naming file, line, column and key where known.
///
/// Its description reads like a compiler diagnostic:
/// `/etc/feedmerge/feedmerge.toml:14:1: source[2].interval: expected a duration such as "30m"`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as found by the lookup.
    public var file: String
    /// 1-based line, if known.
    public var line: Int?
    /// 1-based column, if known.
    public var column: Int?
    /// Dotted key path (`source[2].url`), if the problem is one key.
    public var key: String?
    /// What is wrong, and how to fix it where that is not obvious.
    public var message: String

    /// The exit status for a config error: EX_CONFIG from sysexits.h.
    public static let exitCode: Int32 = 78

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file.isEmpty ? "<config>" : file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        if let key { return "\(place): \(key): \(message)" }
        return "\(place): \(message)"
    }
}
