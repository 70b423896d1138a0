// FeedParse's bridge to libxml2 (with SAXTreeBuilder.swift and SAXAttributeValue.swift, which build XML trees from SAX2
// events, HTMLSAXTreeBuilder.swift, which builds HTML trees from the HTML parser's events, and
// XPath.swift): documents come in as bytes and leave as `XMLElement` trees;
// `xmlDocPtr` / `xmlNodePtr` / parser contexts never escape these files.
internal import CLibXML2

/// The first problem libxml2 reported while reading a document.
struct XMLParseIssue: Sendable, Hashable {
    var line: Int
    var column: Int
    var message: String

    /// `line 12, column 5: Opening and ending tag mismatch: item and channel`.
    var description: String { "line \(line), column \(column): \(message)" }
}

/// A document read by libxml2 and copied into Swift values.
struct XMLParseResult {
    /// The root element, or nil when nothing could be recovered.
    var root: XMLElement?
    /// False when libxml2 had to recover from an error.
    var wellFormed: Bool
    /// The first error reported, if any.
    var firstIssue: XMLParseIssue?
    /// The document's declared or detected encoding, lower-cased, if libxml2 knows it.
    var encoding: String?
    /// A safety limit libxml2 enforced (nesting depth, entity expansion), if any: the document is refused.
    var limit: XMLParseIssue?
}

/// Thin Swift face of libxml2: XML and HTML parsing into `XMLElement`, URI resolution.
enum LibXML {
    /// Elements nested deeper than this are left out of our trees (libxml2 itself stops XML at 256 without `XML_PARSE_HUGE`).
    static let maximumDepth = 400

    /// The namespace of `xml:base` and the other `xml:` attributes.
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// `xmlInitParser` once per process before any parse (libxml2 2.9 wants it before threads use it).
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Options for feeds: recover, no network, quiet; never `XML_PARSE_NOENT`, never DTD loading, no `XML_PARSE_HUGE`.
    /// `XML_PARSE_COMPACT` keeps short text inside the node (fewer allocations): the tree is only read.
    private static let xmlOptions = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Calls `read` with `bytes` as the C characters and length libxml2's memory readers take;
    /// nil (without calling it) for no bytes or more than a C int can count.
    static func withCharacters<T>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ read: (UnsafePointer<CChar>, Int32) -> T?
    ) -> T? {
        guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return nil }
        return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { read($0, Int32(bytes.count)) }
    }

    /// `withCharacters` of an array's bytes.
    static func withCharacters<T>(_ bytes: [UInt8], _ read: (UnsafePointer<CChar>, Int32) -> T?) -> T? {
        bytes.withUnsafeBufferPointer { withCharacters($0, read) }
    }

    private static let htmlOptions = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOBLANKS.rawValue | HTML_PARSE_COMPACT.rawValue)

    /// Parses `bytes` as XML; `url` is only used as the base of `xml:base` resolution.
    ///
    /// `SAXTreeBuilder` builds the tree from libxml2's SAX2 events; libxml2's document only
    /// keeps what its default handlers record (DTD, entity declarations, encoding).
    static func parseXML(_ bytes: [UInt8], url: String?) -> XMLParseResult {
        CLibXML2_silenceGenericErrors()
        guard initialized, !bytes.isEmpty, let context = xmlNewParserCtxt() else {
            return XMLParseResult(root: nil, wellFormed: false, firstIssue: nil, encoding: nil)
        }
        defer { xmlFreeParserCtxt(context) }
        let outcome = SAXTreeBuilder.parse(context: context, url: url) {
            withCharacters(bytes) { xmlCtxtReadMemory(context, $0, $1, nil, nil, xmlOptions) }
        }
        guard let outcome else {
            return XMLParseResult(root: nil, wellFormed: false, firstIssue: nil, encoding: nil)
        }
        let wellFormed = context.pointee.wellFormed != 0
        var issue = outcome.issues.first
        if !wellFormed, issue == nil, let last = xmlCtxtGetLastError(context) {
            let message = last.pointee.message.map { String(cString: $0) } ?? "error \(last.pointee.code)"
            issue = XMLParseIssue(line: Int(last.pointee.line), column: Int(last.pointee.int2),
                                  message: message.trimmingWhitespace())
        }
        let limit = outcome.issues.limit
        guard let document = outcome.document else {
            return XMLParseResult(root: nil, wellFormed: false, firstIssue: issue, encoding: nil, limit: limit)
        }
        defer { xmlFreeDoc(document) }
        if let limit {
            return XMLParseResult(root: nil, wellFormed: false, firstIssue: issue, encoding: nil, limit: limit)
        }
        let encoding = document.pointee.encoding.map { String(cString: $0).lowercased() }
        return XMLParseResult(root: outcome.root, wellFormed: wellFormed, firstIssue: issue, encoding: encoding)
    }

    /// Parses `bytes` with libxml2's forgiving HTML parser (`encoding` nil: libxml2 guesses).
    ///
    /// `HTMLSAXTreeBuilder` builds the tree from the parser's events; libxml2's document only
    /// keeps the doctype and the encoding.
    static func parseHTML(_ bytes: [UInt8], url: String?, encoding: String?) -> XMLParseResult {
        CLibXML2_silenceGenericErrors()
        guard initialized, !bytes.isEmpty, let context = htmlNewParserCtxt() else {
            return XMLParseResult(root: nil, wellFormed: true, firstIssue: nil, encoding: nil)
        }
        defer { htmlFreeParserCtxt(context) }
        let outcome = HTMLSAXTreeBuilder.parse(context: context, url: url) {
            withCharacters(bytes) { htmlCtxtReadMemory(context, $0, $1, nil, encoding, htmlOptions) }
        }
        guard let outcome, let document = outcome.document else {
            return XMLParseResult(root: nil, wellFormed: false, firstIssue: nil, encoding: nil)
        }
        defer { xmlFreeDoc(document) }
        let used = document.pointee.encoding.map { String(cString: $0).lowercased() }
        return XMLParseResult(root: outcome.root, wellFormed: true, firstIssue: nil, encoding: used)
    }

    /// `parseHTML` through libxml2's own HTML tree, copied: the reference `HTMLSAXTreeBuilder`
    /// is tested against.
    static func parseHTMLThroughDOM(_ bytes: [UInt8], url: String?, encoding: String?) -> XMLParseResult {
        CLibXML2_silenceGenericErrors()
        guard initialized, !bytes.isEmpty else {
            return XMLParseResult(root: nil, wellFormed: true, firstIssue: nil, encoding: nil)
        }
        let document = withCharacters(bytes) { htmlReadMemory($0, $1, nil, encoding, htmlOptions) }
        guard let document else {
            return XMLParseResult(root: nil, wellFormed: false, firstIssue: nil, encoding: nil)
        }
        defer { xmlFreeDoc(document) }
        let root = xmlDocGetRootElement(document).flatMap { copyHTMLElement($0, parentBase: url) }
        let used = document.pointee.encoding.map { String(cString: $0).lowercased() }
        return XMLParseResult(root: root, wellFormed: true, firstIssue: nil, encoding: used)
    }

    /// The raw text of an HTML fragment, from libxml2's HTML parser events (no tree):
    /// character data in document order, elements in `skipped` left out, a `\n` before and
    /// after elements in `blocks` (names lower-cased); nil when nothing could be parsed. Same
    /// text as walking the tree of `parseHTML`, without building it.
    static func htmlText(_ bytes: UnsafeBufferPointer<UInt8>, skipped: Set<String>, blocks: Set<String>) -> [UInt8]? {
        CLibXML2_silenceGenericErrors()
        guard initialized, !bytes.isEmpty, bytes.count <= Int(Int32.max), let context = htmlNewParserCtxt() else {
            return nil
        }
        defer { htmlFreeParserCtxt(context) }
        let only = HTMLSAXTreeBuilder.TextOnly(skipped: skipped, blocks: blocks)
        let outcome = HTMLSAXTreeBuilder.parse(context: context, url: nil, textOnly: only) {
            withCharacters(bytes) { htmlCtxtReadMemory(context, $0, $1, nil, "UTF-8", htmlOptions) }
        }
        guard let outcome, let document = outcome.document else { return nil }
        xmlFreeDoc(document)
        return outcome.hasRoot ? outcome.text : nil
    }

    /// `htmlText` read off libxml2's own HTML tree: the reference the event-built text is
    /// tested against.
    static func htmlTextThroughDOM(_ bytes: UnsafeBufferPointer<UInt8>, skipped: Set<String>, blocks: Set<String>) -> [UInt8]? {
        guard initialized else { return nil }
        let document = withCharacters(bytes) { htmlReadMemory($0, $1, nil, "UTF-8", htmlOptions) }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        appendHTMLText(root, depth: 0, skipped: skipped, blocks: blocks, to: &out)
        return out
    }

    private static func appendHTMLText(
        _ node: xmlNodePtr, depth: Int, skipped: Set<String>, blocks: Set<String>, to out: inout [UInt8]
    ) {
        guard let rawName = node.pointee.name else { return }
        var name = String(cString: rawName)
        if name.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) { name = name.lowercased() }
        if skipped.contains(name) { return }
        let isBlock = blocks.contains(name)
        if isBlock { out.append(10) }
        if depth < maximumDepth {
            var child = node.pointee.children
            while let current = child {
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content {
                        out.append(contentsOf: UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                    }
                case XML_ELEMENT_NODE:
                    appendHTMLText(current, depth: depth + 1, skipped: skipped, blocks: blocks, to: &out)
                default:
                    break
                }
                child = current.pointee.next
            }
        }
        if isBlock { out.append(10) }
    }

    /// Resolves `reference` against `base` (RFC 3986, libxml2's `xmlBuildURI`); unchanged without a base.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base, !base.isEmpty else { return reference }
        guard let built = xmlBuildURI(reference, base) else { return reference }
        defer { CLibXML2_free(built) }
        return String(cString: built)
    }

    /// True when libxml2's HTML parser knows the element `name` (lower case): its HTML 4 table
    /// (`htmlTagLookup`). Elements it does not know (`svg`, `math`, `video`, custom elements)
    /// it keeps as plain elements: no implied closes, no special content.
    static func isHTMLElementKnown(_ name: String) -> Bool {
        guard initialized else { return true }
        return htmlTagLookup(name) != nil
    }

    /// The code point of an HTML named entity (`aacute` → 225), or nil.
    static func htmlEntityValue(_ name: String) -> UInt32? {
        guard initialized, let entity = htmlEntityLookup(name) else { return nil }
        return entity.pointee.value
    }

    /// The character of an entity reference libxml2 left unexpanded: undeclared HTML names
    /// such as `&nbsp;` in a recovered feed map to their character; declared entities (even
    /// with HTML names) never expand (billion laughs, XXE).
    static func htmlCharacter(ofUndeclaredEntity name: UnsafePointer<xmlChar>, in document: xmlDocPtr?) -> Unicode.Scalar? {
        guard xmlGetDocEntity(document, name) == nil, let known = htmlEntityLookup(name) else { return nil }
        return Unicode.Scalar(known.pointee.value)
    }

    // MARK: - Copying an HTML tree

    private static func copyHTMLElement(_ node: xmlNodePtr, parentBase: String?) -> XMLElement? {
        var copier = HTMLTreeCopier()
        return copier.copy(node, parentBase: parentBase, depth: 0)
    }

    /// Copies libxml2's HTML tree into `XMLElement`s (names lower-cased). Names come from
    /// libxml2's dictionary (one pointer per distinct string), so each becomes a Swift `String`
    /// once per document; character data is gathered as bytes and made a `String` once per run.
    private struct HTMLTreeCopier: ~Copyable {
        private var lowered: [UnsafeRawPointer: String] = [:]
        private var namespaces: [UnsafeRawPointer: String] = [:]
        private var pending = PendingText()

        /// `pointer`'s string lower-cased (tag and attribute names), made once per distinct pointer.
        private mutating func nodeName(_ pointer: UnsafePointer<xmlChar>?) -> String? {
            guard let pointer else { return nil }
            let key = UnsafeRawPointer(pointer)
            if let known = lowered[key] { return known }
            let made = String(cString: pointer).lowercasedIfASCIIUppercase
            lowered[key] = made
            return made
        }

        /// `pointer`'s string, made once per distinct pointer.
        private mutating func namespace(_ pointer: UnsafePointer<xmlChar>?) -> String? {
            guard let pointer else { return nil }
            let key = UnsafeRawPointer(pointer)
            if let known = namespaces[key] { return known }
            let made = String(cString: pointer)
            namespaces[key] = made
            return made
        }

        mutating func copy(_ node: xmlNodePtr, parentBase: String?, depth: Int) -> XMLElement? {
            guard node.pointee.type == XML_ELEMENT_NODE, let name = nodeName(node.pointee.name) else { return nil }
            var attributes: [XMLAttribute] = []
            var base = parentBase
            var attribute = node.pointee.properties
            while let current = attribute {
                if let attributeName = nodeName(current.pointee.name) {
                    let namespace = namespace(current.pointee.ns?.pointee.href)
                    let value = attributeValue(current)
                    if namespace == xmlNamespace, attributeName == "base" {
                        base = resolve(value, against: parentBase)
                    }
                    attributes.append(XMLAttribute(name: attributeName, namespace: namespace, value: value))
                }
                attribute = current.pointee.next
            }
            let element = XMLElement(
                name: name, namespace: namespace(node.pointee.ns?.pointee.href), attributes: attributes, base: base)
            guard depth < maximumDepth else { return element }
            var child = node.pointee.children
            while let current = child {
                switch current.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content {
                        pending.append(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
                    }
                case XML_ELEMENT_NODE:
                    pending.flush(into: element, repairingMojibake: false)
                    if let copy = copy(current, parentBase: base, depth: depth + 1) {
                        element.children.append(.element(copy))
                    }
                default:
                    break  // comments; libxml2's HTML parser makes no entity reference nodes
                }
                child = current.pointee.next
            }
            pending.flush(into: element, repairingMojibake: false)
            return element
        }
    }

    /// An attribute's value from its text children only.
    private static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        var value = ""
        var child = attribute.pointee.children
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE, let content = current.pointee.content {
                value += String(cString: content)
            }
            child = current.pointee.next
        }
        return value
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, HTMLText.isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, HTMLText.isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }
}
