/// Text of feed elements: inline markup, escaped HTML or plain text, to plain text.
enum FeedText {
    /// Plain text of `element` with paragraph breaks as `\n`; nil when empty.
    ///
    /// Child elements (inline XHTML) are walked directly; otherwise the character data is
    /// read as HTML when `html` is true, else only its whitespace is normalised.
    static func text(of element: XMLElement?, html: Bool) -> String? {
        guard let element else { return nil }
        let result: String
        if element.hasElementChildren {
            result = HTMLText.text(of: element)
        } else if html {
            result = HTMLText.text(fromHTML: element.text)
        } else {
            result = HTMLText.normalize(element.text)
        }
        return result.isEmpty ? nil : result
    }

    /// Like `text(of:html:)` but on one line (titles, summaries).
    static func line(of element: XMLElement?, html: Bool) -> String? {
        text(of: element, html: html).map(HTMLText.collapse)
    }

    /// Trimmed character data, nil when empty.
    static func trimmed(_ element: XMLElement?) -> String? {
        guard let element else { return nil }
        let value = element.text.trimmingWhitespace()
        return value.isEmpty ? nil : value
    }

    /// `reference` resolved against the element's base, nil when empty.
    static func url(_ reference: String?, base: String?) -> String? {
        guard let reference = reference?.trimmingWhitespace(), !reference.isEmpty else { return nil }
        return LibXML.resolve(reference, against: base)
    }
}
