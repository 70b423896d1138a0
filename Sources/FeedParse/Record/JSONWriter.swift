/// A small, fast JSON writer: keys in the order written, strings escaped per RFC 8259.
struct JSONWriter {
    private(set) var output = ""
    private var needsComma: [Bool] = [false]

    mutating func beginObject() { value("{"); needsComma.append(false) }
    mutating func endObject() { needsComma.removeLast(); output += "}" }
    mutating func beginArray() { value("["); needsComma.append(false) }
    mutating func endArray() { needsComma.removeLast(); output += "]" }

    /// Writes `"name":`; the next value belongs to it.
    mutating func key(_ name: String) {
        separate()
        appendString(name)
        output += ":"
        needsComma[needsComma.count - 1] = false
    }

    mutating func string(_ value: String?) {
        guard let value else { return null() }
        separate()
        appendString(value)
    }

    mutating func bool(_ value: Bool) { self.value(value ? "true" : "false") }
    mutating func int(_ value: Int) { self.value(String(value)) }
    mutating func null() { value("null") }

    private mutating func value(_ literal: String) {
        separate()
        output += literal
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func appendString(_ value: String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
