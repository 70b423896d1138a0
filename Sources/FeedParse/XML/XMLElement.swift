/// One attribute of an `XMLElement`.
struct XMLAttribute {
    /// Local name (no prefix).
    var name: String
    /// Namespace URI, or nil.
    var namespace: String?
    var value: String
}

/// A child of an `XMLElement`: a nested element or a run of character data.
enum XMLChild {
    case element(XMLElement)
    case text(String)
}

/// One element of a document read by libxml2, as a Swift value, so that no libxml2 pointer
/// leaves the bridge.
///
/// Built once per document by `LibXML` (XML: from libxml2's SAX2 events by `SAXTreeBuilder`;
/// HTML: from its HTML parser's events by `HTMLSAXTreeBuilder`); readers walk it with the helpers below.
final class XMLElement {
    /// Local name; lower-cased for HTML documents.
    let name: String
    /// Namespace URI, or nil.
    let namespace: String?
    let attributes: [XMLAttribute]
    var children: [XMLChild] = []
    /// Effective base URI (`xml:base` resolved against the parent's base and the document URL).
    let base: String?

    init(name: String, namespace: String?, attributes: [XMLAttribute], base: String?) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.base = base
    }

    /// The value of the attribute `name` (without namespace unless given).
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        for attribute in attributes where attribute.name == name && attribute.namespace == namespace {
            return attribute.value
        }
        return nil
    }

    /// The value of the attribute `name` compared case-insensitively, any namespace.
    func attributeIgnoringCase(_ name: String) -> String? {
        for attribute in attributes where attribute.name.lowercased() == name {
            return attribute.value
        }
        return nil
    }

    /// Child elements in document order.
    var elements: [XMLElement] {
        children.compactMap { child in
            if case .element(let element) = child { return element }
            return nil
        }
    }

    /// True when the element has at least one child element.
    var hasElementChildren: Bool {
        children.contains { if case .element = $0 { return true } else { return false } }
    }

    /// All character data below this element, concatenated.
    var text: String {
        var out = ""
        appendText(to: &out)
        return out
    }

    /// Unicode scalars in `text`, counted without building it.
    var textLength: Int {
        var total = 0
        for child in children {
            switch child {
            case .text(let string): total += string.scalarLength
            case .element(let element): total += element.textLength
            }
        }
        return total
    }

    private func appendText(to out: inout String) {
        for child in children {
            switch child {
            case .text(let string): out += string
            case .element(let element): element.appendText(to: &out)
            }
        }
    }

    /// Descendant elements (depth first, document order) for which `predicate` holds.
    func descendants(where predicate: (XMLElement) -> Bool) -> [XMLElement] {
        var found: [XMLElement] = []
        var stack: [XMLElement] = [self]
        while let element = stack.popLast() {
            element.pushChildElements(onto: &stack)
            if element !== self, predicate(element) {
                found.append(element)
            }
        }
        return found
    }

    /// Child elements pushed last to first, so that popping `stack` visits them in document order.
    private func pushChildElements(onto stack: inout [XMLElement]) {
        for child in children.reversed() {
            if case .element(let element) = child { stack.append(element) }
        }
    }

    /// The first descendant (document order) for which `predicate` holds.
    func firstDescendant(where predicate: (XMLElement) -> Bool) -> XMLElement? {
        var stack: [XMLElement] = [self]
        while let element = stack.popLast() {
            if element !== self, predicate(element) { return element }
            element.pushChildElements(onto: &stack)
        }
        return nil
    }
}

extension String {
    /// Unicode scalars in the string, counted on its UTF-8 bytes (bytes that start a scalar).
    var scalarLength: Int {
        var copy = self
        return copy.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }
}
