/// A JSON document read into values (RFC 8259), for JSON Feed and JSON-LD blocks: FeedParse's
/// own reader, so that the parser needs no Foundation beyond FoundationEssentials.
///
/// Strict JSON: no comments, no trailing commas, no single quotes, no leading zeros; strings
/// must be valid UTF-8 and their `\u` escapes pair surrogates. A duplicated object key keeps
/// its last value. A UTF-8 byte order mark is skipped.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as written (`-12`, `3.5e2`): its text, checked against JSON's grammar.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value of `key` when this is an object holding it.
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string value.
    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The elements of an array value.
    var array: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object value.
    var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// A number as an identifier: an integer literal as written without a plus or leading
    /// zeros (`42`, `-7`), any other number as the shortest text of its `Double` (`1.5`, `1e+20`).
    var numberText: String? {
        guard case .number(let literal) = self else { return nil }
        if let integer = Int64(literal) { return String(integer) }
        return Double(literal).map { $0.description }
    }

    /// Arrays and objects nested deeper than this are refused by default (the reader recurses).
    static let maximumDepth = 512

    /// Reads `bytes` as one JSON value (any kind at the top level), refusing arrays and objects
    /// nested deeper than `maximumDepth` (`JSONReadError.tooDeep`).
    static func read(_ bytes: [UInt8], maximumDepth: Int = JSONValue.maximumDepth) throws(JSONReadError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONReadError) -> JSONValue in
            var reader = Reader(bytes: buffer, maximumDepth: maximumDepth)
            return try reader.document()
        }
    }
}

/// Why a JSON document could not be read, and at which byte.
struct JSONReadError: Error, Equatable, CustomStringConvertible {
    var reason: String
    /// Offset of the byte where reading stopped.
    var offset: Int
    /// True when the document nests deeper than the reader allows (the offset is the bracket
    /// that went too deep).
    var tooDeep = false

    var description: String { "\(reason) at byte \(offset)" }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    mutating func document() throws(JSONReadError) -> JSONValue {
        let value = try self.value(depth: 0)
        skipBlanks()
        guard index == bytes.count else { throw failure("unexpected text after the value") }
        return value
    }

    private func failure(_ reason: String) -> JSONReadError {
        JSONReadError(reason: reason, offset: index)
    }

    private mutating func skipBlanks() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        skipBlanks()
        guard index < bytes.count else { throw failure("unexpected end of the document") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count,
              (0..<count).allSatisfy({ bytes[index + $0] == word.utf8Start[$0] })
        else { throw failure("unexpected character") }
        index += count
    }

    /// Steps over the opening bracket of an array or object at `depth`; true when `closing`
    /// follows at once (an empty one, stepped over too).
    private mutating func open(closedBy closing: UInt8, depth: Int) throws(JSONReadError) -> Bool {
        guard depth <= maximumDepth else {
            throw JSONReadError(reason: "nested deeper than \(maximumDepth) levels", offset: index, tooDeep: true)
        }
        index += 1
        skipBlanks()
        guard index < bytes.count, bytes[index] == closing else { return false }
        index += 1
        return true
    }

    /// Steps over what follows a member or element: a comma (false: more to come) or
    /// `closing` (true: the array or object ends).
    private mutating func closes(with closing: UInt8) throws(JSONReadError) -> Bool {
        skipBlanks()
        guard index < bytes.count else { throw failure("unexpected end of the document") }
        switch bytes[index] {
        case UInt8(ascii: ","): index += 1; return false
        case closing: index += 1; return true
        default: throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    private mutating func object(depth: Int) throws(JSONReadError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if try open(closedBy: UInt8(ascii: "}"), depth: depth) { return .object(members) }
        while true {
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try string()
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            members[key] = try value(depth: depth)
            if try closes(with: UInt8(ascii: "}")) { return .object(members) }
        }
    }

    private mutating func array(depth: Int) throws(JSONReadError) -> JSONValue {
        var elements: [JSONValue] = []
        if try open(closedBy: UInt8(ascii: "]"), depth: depth) { return .array(elements) }
        while true {
            elements.append(try value(depth: depth))
            if try closes(with: UInt8(ascii: "]")) { return .array(elements) }
        }
    }

    /// A number's text, checked against `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(JSONReadError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("malformed number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("malformed number") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("malformed number") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    /// A string's text (the reader stands on its opening quote). Runs without escapes are
    /// copied as they are, after a check that they are valid UTF-8.
    private mutating func string() throws(JSONReadError) -> String {
        index += 1
        var runStart = index
        var scratch: [UInt8]? = nil
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                if var collected = scratch {
                    collected.append(contentsOf: run)
                    return try text(collected, at: runStart)
                }
                return try text(run, at: runStart)
            }
            if byte < 0x20 { throw failure("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                var collected = scratch ?? []
                collected.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try escape(into: &collected)
                scratch = collected
                runStart = index
                continue
            }
            index += 1
        }
        throw failure("unterminated string")
    }

    private func text<Bytes: Collection<UInt8>>(_ bytes: Bytes, at offset: Int) throws(JSONReadError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw JSONReadError(reason: "string is not valid UTF-8", offset: offset)
        }
        return text
    }

    /// One escape (the reader stands on its backslash), appended to `out` as UTF-8.
    private mutating func escape(into out: inout [UInt8]) throws(JSONReadError) {
        index += 1
        guard index < bytes.count else { throw failure("unterminated string") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800..<0xDC00).contains(scalar) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("high surrogate without its low surrogate")
                }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00..<0xE000).contains(low) else { throw failure("high surrogate without its low surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("low surrogate without its high surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid escape") }
            UTF8.encode(unicode) { out.append($0) }
        default:
            throw failure("invalid escape")
        }
    }

    private mutating func hex4() throws(JSONReadError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw failure("invalid \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
