/// The raw text of a simple HTML fragment (a feed entry's `description` or `content`) read in
/// one pass over its bytes, without libxml2: the same bytes `LibXML.htmlText` produces from
/// libxml2's HTML parser (up to the whitespace that `HTMLText`'s squeezing removes anyway), or
/// nil for anything outside the simple subset, which then goes to libxml2.
///
/// The subset: common content elements (`HTMLText.blocks` get a line break before and after),
/// with the structure libxml2 gives them when tags are left open or closed out of order (its
/// implied closes, ignored end tags and the `p` it implies around leading text), `script` and
/// `style` (raw text, none of it text), quoted or bare attributes, comments, the HTML 4 named
/// entities and valid numeric references. What else libxml2 would recover from (a stray `<`,
/// an unknown element, a name continued by non-ASCII bytes, head elements, a doctype) gives
/// nil. Whitespace-only runs before a tag are kept or dropped as libxml2's `areBlanks`
/// (`HTML_PARSE_NOBLANKS`) decides: it looks at the open element and its last child.
enum HTMLFragmentText {
    /// What an open element last received, as libxml2's `areBlanks` sees it.
    private enum LastChild {
        case nothing
        case text
        case element(Traits)
    }

    private struct Open {
        /// nil for the top level before anything was read (libxml2's `ctxt->name == NULL`).
        var element: Element?
        var last: LastChild = .nothing
    }

    /// The raw text, or nil when the fragment needs libxml2.
    static func raw(_ source: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var reader = Reader(source: source)
        return reader.read()
    }

    private struct Reader {
        let source: UnsafeBufferPointer<UInt8>
        var i = 0
        var out: [UInt8] = []
        var stack: [Open] = [Open(element: nil)]
        /// Names outside `known` met in this fragment, and what `HTMLFragmentText.unknownElement` said.
        var unknownElements: [(key: NameKey, element: Element?)] = []

        init(source: UnsafeBufferPointer<UInt8>) {
            self.source = source
            out.reserveCapacity(source.count)
        }

        mutating func read() -> [UInt8]? {
            let count = source.count
            while i < count {
                let byte = source[i]
                if byte == UInt8(ascii: "<") {
                    guard readMarkup() else { return nil }
                } else if byte == UInt8(ascii: "&") {
                    guard readReference() else { return nil }
                } else {
                    guard readText() else { return nil }
                }
            }
            // Nothing but comments and blanks: libxml2 builds no root element, and the caller
            // falls back on the source text; leave that to it.
            return stack[0].element == nil ? nil : out
        }

        /// Character data up to the next `<` or `&` (one libxml2 `characters` run).
        private mutating func readText() -> Bool {
            let start = i
            var blank = true
            var spaces = 0
            let count = source.count
            guard let base = source.baseAddress else { return endText(from: start, blank: blank) }
            while i < count {
                // Eight bytes at a time while they hold nothing but printable characters and
                // spaces (no `<`, `&`, control, or 0xEF that may start U+FFFE/U+FFFF).
                if i + 8 <= count {
                    let lanes = ByteLanes.load(base, at: i)
                    let special = ByteLanes.below(lanes, 0x20) | ByteLanes.equal(lanes, UInt8(ascii: "<"))
                        | ByteLanes.equal(lanes, UInt8(ascii: "&")) | ByteLanes.equal(lanes, 0xEF)
                    if special == 0 {
                        let nonSpace = ByteLanes.notEqual(lanes, UInt8(ascii: " "))
                        if nonSpace == 0 {
                            spaces += 8
                            if spaces >= 900 { return false }
                        } else {
                            if spaces + nonSpace.trailingZeroBitCount / 8 >= 900 { return false }
                            blank = false
                            spaces = nonSpace.leadingZeroBitCount / 8
                        }
                        i += 8
                        continue
                    }
                }
                let byte = source[i]
                if byte == UInt8(ascii: " ") || byte == 10 || byte == 9 || byte == 13 {
                    spaces += 1
                    // libxml2 reads long runs in 1000-character pieces and judges each: a piece
                    // of blanks alone may be dropped. Not worth copying.
                    if spaces >= 900 { return false }
                } else if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") {
                    return endText(from: start, blank: blank)
                } else if byte < 0x20 {
                    // libxml2 drops other controls with an error: leave those documents to it.
                    return false
                } else {
                    if byte == 0xEF, !isCharacterAt(i) { return false }
                    blank = false
                    spaces = 0
                }
                i += 1
            }
            return endText(from: start, blank: blank)
        }

        /// Keeps the run `start..<i` as text, unless libxml2 would drop it as a blank.
        private mutating func endText(from start: Int, blank: Bool) -> Bool {
            if blank, dropsBlank(atEnd: i == source.count, beforeTag: i < source.count && source[i] == UInt8(ascii: "<")) {
                return true
            }
            beginText()
            out.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<i]))
            noteText()
            return true
        }

        /// False for U+FFFE and U+FFFF (not XML characters: libxml2 drops them).
        private func isCharacterAt(_ index: Int) -> Bool {
            guard index + 2 < source.count, source[index + 1] == 0xBF else { return true }
            return source[index + 2] != 0xBE && source[index + 2] != 0xBF
        }

        /// libxml2's `areBlanks` for a whitespace-only run followed by `<` (or the end).
        private func dropsBlank(atEnd: Bool, beforeTag: Bool) -> Bool {
            if atEnd { return true }
            guard beforeTag else { return false }
            guard let top = stack.last, let element = top.element else { return true }
            switch top.last {
            case .nothing: return !element.traits.contains(.allowsText)
            case .text: return false
            case .element(let child): return !child.contains(.allowsText)
            }
        }

        /// Text is about to be added. Text before any element (comments aside) goes into a
        /// `p` that libxml2 implies (`htmlCheckParagraph`), inside its implied body.
        private mutating func beginText() {
            guard stack.count == 1, stack[0].element == nil else { return }
            stack[0].element = HTMLFragmentText.body
            out.append(10)
            stack.append(Open(element: HTMLFragmentText.paragraph))
        }

        /// Text was added to the open element.
        private mutating func noteText() {
            stack[stack.count - 1].last = .text
        }

        private mutating func readMarkup() -> Bool {
            let count = source.count
            guard i + 1 < count else { return false }
            let next = source[i + 1]
            if next == UInt8(ascii: "!") {
                return readComment()
            }
            if next == UInt8(ascii: "/") {
                i += 2
                guard let element = readName() else { return false }
                skipSpaces()
                guard i < count, source[i] == UInt8(ascii: ">") else { return false }
                i += 1
                return close(element)
            }
            i += 1
            guard let element = readName() else { return false }
            var selfClosing = false
            while true {
                skipSpaces()
                guard i < count else { return false }
                let byte = source[i]
                if byte == UInt8(ascii: ">") {
                    i += 1
                    break
                }
                if byte == UInt8(ascii: "/") {
                    guard i + 1 < count, source[i + 1] == UInt8(ascii: ">") else { return false }
                    i += 2
                    selfClosing = true
                    break
                }
                guard skipAttribute() else { return false }
            }
            return open(element, selfClosing: selfClosing)
        }

        /// `<!-- ... -->`; any other `<!` (doctype, CDATA) goes to libxml2.
        private mutating func readComment() -> Bool {
            let count = source.count
            guard i + 3 < count, source[i + 2] == UInt8(ascii: "-"), source[i + 3] == UInt8(ascii: "-") else { return false }
            var j = i + 4
            while j + 2 < count {
                if source[j] == UInt8(ascii: "-"), source[j + 1] == UInt8(ascii: "-"), source[j + 2] == UInt8(ascii: ">") {
                    // `<!-->` and `<!--->` are read differently by libxml2 2.9.
                    guard j > i + 4 else { return false }
                    i = j + 3
                    return true
                }
                j += 1
            }
            return false
        }

        /// A tag name as libxml2's `htmlParseHTMLName` reads it (an ASCII letter, then letters,
        /// digits, `:`, `-`, `_` or `.`), if the fast path reads the element (names over 16
        /// bytes it leaves to libxml2).
        private mutating func readName() -> Element? {
            let start = i
            guard i < source.count, (source[i] | 0x20) >= UInt8(ascii: "a"), (source[i] | 0x20) <= UInt8(ascii: "z") else {
                return nil
            }
            i += 1
            while i < source.count {
                let byte = source[i]
                let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                guard isLetter || isDigit || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                else { break }
                i += 1
            }
            guard i < source.count else { return nil }
            let end = source[i]
            guard end == 32 || end == 9 || end == 10 || end == 13 || end == UInt8(ascii: ">") || end == UInt8(ascii: "/") else {
                return nil
            }
            guard let key = NameKey(UnsafeBufferPointer(rebasing: source[start..<i])) else { return nil }
            if let element = HTMLFragmentText.knownElement(key) { return element }
            if let index = unknownElements.firstIndex(where: { $0.key == key }) { return unknownElements[index].element }
            let element = HTMLFragmentText.unknownElement(key)
            unknownElements.append((key, element))
            return element
        }

        private mutating func skipSpaces() {
            while i < source.count, source[i] == 32 || source[i] == 9 || source[i] == 10 || source[i] == 13 { i += 1 }
        }

        /// `name`, `name=value`, `name="value"` or `name='value'`.
        private mutating func skipAttribute() -> Bool {
            let count = source.count
            let start = i
            while i < count, HTMLFragmentText.isNameByte(source[i]) { i += 1 }
            guard i > start else { return false }
            skipSpaces()
            guard i < count, source[i] == UInt8(ascii: "=") else { return true }
            i += 1
            skipSpaces()
            guard i < count else { return false }
            let quote = source[i]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                i += 1
                while i < count, source[i] != quote { i += 1 }
                guard i < count else { return false }
                i += 1
                return true
            }
            let valueStart = i
            while i < count {
                let byte = source[i]
                if byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == UInt8(ascii: ">") { break }
                // `<`, quotes or `=` in a bare value: libxml2's recovery is not worth copying.
                if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "=") {
                    return false
                }
                i += 1
            }
            return i > valueStart
        }

        private mutating func open(_ element: Element, selfClosing: Bool) -> Bool {
            if stack[stack.count - 1].element == nil {
                // A raw-text element before anything else goes into an implied `head`: libxml2's.
                guard !element.traits.contains(.rawText) else { return false }
                stack[stack.count - 1].element = HTMLFragmentText.body
            }
            // libxml2's `htmlAutoClose`: open elements this start tag closes first.
            while stack.count > 1, let top = stack[stack.count - 1].element,
                  HTMLFragmentText.closes(element, top) {
                popElement()
            }
            let isBlock = element.traits.contains(.block)
            if element.traits.contains(.void) {
                if isBlock { out.append(10); out.append(10) }
                stack[stack.count - 1].last = .element(element.traits)
                return true
            }
            // `<p/>` and the like: libxml2 reads it, but not as the fast path would guess.
            guard !selfClosing else { return false }
            // Deep nesting: `LibXML.htmlText` stops at its depth limit; let it.
            guard stack.count < 256 else { return false }
            if isBlock { out.append(10) }
            stack.append(Open(element: element))
            return element.traits.contains(.rawText) ? skipRawText(of: element) : true
        }

        /// Steps over a raw-text element's content, up to its end tag (left for `readMarkup`):
        /// libxml2 (recovering) ends it at the first `</` followed by the element's name in any
        /// case. None of it is text. A name that goes on (`</scripts>`), or no end tag at all,
        /// is left to libxml2.
        private mutating func skipRawText(of element: Element) -> Bool {
            let name = element.key.bytes
            let count = source.count
            var j = i
            // `</`, the name and one byte after it must fit.
            while j + 2 + name.count < count {
                if source[j] == UInt8(ascii: "<"), source[j + 1] == UInt8(ascii: "/"),
                   (0..<name.count).allSatisfy({ source[j + 2 + $0] | 0x20 == name[$0] }) {
                    let after = source[j + 2 + name.count]
                    guard after == UInt8(ascii: ">") || after == 32 || after == 9 || after == 10 || after == 13 else {
                        return false
                    }
                    i = j
                    return true
                }
                j += 1
            }
            return false
        }

        /// Closes the innermost open element (its end tag, or one libxml2 implies).
        private mutating func popElement() {
            guard let closed = stack.removeLast().element else { return }
            if closed.traits.contains(.block) { out.append(10) }
            stack[stack.count - 1].last = .element(closed.traits)
        }

        /// An end tag, as libxml2's `htmlParseEndTag` reads it: it closes the innermost open
        /// element of its name and every element above it, unless one of those has a higher
        /// end priority (`htmlAutoCloseOnClose`); an end tag that closes nothing is ignored.
        private mutating func close(_ element: Element) -> Bool {
            // `</img>` and `</hr>` close nothing: libxml2 ignores them. `</br>` is left to it.
            if element.traits.contains(.void) { return element.key != HTMLFragmentText.lineBreak }
            let priority = HTMLFragmentText.priority(of: element)
            var index = stack.count - 1
            while index >= 1 {
                guard let open = stack[index].element else { return false }
                if open.key == element.key { break }
                if HTMLFragmentText.priority(of: open) > priority { return true }
                index -= 1
            }
            guard index >= 1 else { return true }
            while stack.count > index { popElement() }
            return true
        }

        /// `&name;` (an HTML 4 entity), `&#n;` / `&#xh;` (a valid character), or an `&` that
        /// stays as written.
        private mutating func readReference() -> Bool {
            guard let reference = HTMLFragmentText.reference(in: source, at: i) else { return false }
            beginText()
            switch reference {
            case .character(let scalar, let end):
                UTF8.encode(scalar) { out.append($0) }
                i = end
            case .literal(let end):
                out.append(contentsOf: UnsafeBufferPointer(rebasing: source[i..<end]))
                i = end
            }
            noteText()
            return true
        }
    }
}
