import FeedModel

/// Writes `[[source]]` tables for `feedmerge.toml` (what `import --opml` prints or appends).
public enum SourceTOML {
    /// One `[[source]]` table, preceded by a blank line; `comment` becomes a `#` line above it.
    public static func table(name: String, url: String, kind: SourceKind, comment: String? = nil) -> String {
        var text = "\n"
        if let comment { text += "# \(comment.replacingOccurrences(of: "\n", with: " "))\n" }
        text += "[[source]]\nname = \(quoted(name))\nurl = \(quoted(url))\nkind = \(quoted(kind.rawValue))\n"
        return text
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16).uppercased()
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
