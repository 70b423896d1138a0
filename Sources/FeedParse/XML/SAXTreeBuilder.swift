// Builds the `XMLElement` tree of an XML document from libxml2's SAX2 events while libxml2
// parses, so libxml2 never builds (and frees) a tree of its own for elements and text.
// Part of the libxml2 bridge (LibXML.swift, SAXAttributeValue.swift, XPath.swift): pointers
// never leave these files.
internal import CLibXML2

/// Receives libxml2's SAX2 events for one XML document and builds `XMLElement`s directly,
/// with the same result as libxml2's own tree builder followed by a copy.
///
/// Only the main parser context builds our tree. The first reference to a declared entity
/// makes libxml2 parse the entity's text in a sub-context that shares this handler; those
/// events go to libxml2's own SAX2 tree builder, as they always did (its nodes hang under the
/// entity declaration, never in our tree: declared entities are never expanded). Document
/// start and end, the DTD and entity declarations stay with libxml2's SAX2 defaults, so the
/// document (DTD, entities, encoding) is still recorded in `ctxt->myDoc`.
///
/// A struct reached through one pointer in the context's `_private` for the whole parse:
/// callbacks then cost no reference counting or exclusivity checks.
struct SAXTreeBuilder: ~Copyable {
    /// What one parse produced.
    struct Outcome {
        /// What `read` returned (libxml2's document: DTD, entities, encoding; no elements).
        var document: xmlDocPtr?
        /// The first top-level element, if any.
        var root: XMLElement?
        /// What libxml2 reported.
        var issues: IssueCollector
    }

    private let issues = IssueCollector()
    private var root: XMLElement?
    private let context: xmlParserCtxtPtr
    private let documentURL: String?
    /// Open elements being built, outermost first.
    private var open: [XMLElement] = []
    /// Open elements inside `open.last` that are not built (deeper than `LibXML.maximumDepth`).
    private var skipped = 0
    /// Character data of `open.last` since its last child element.
    private var text = PendingText()
    /// Length of the text node libxml2's tree builder would be growing now (nil when the last
    /// child would not be text), for its 10 MB text-node limit.
    private var textNodeLength: Int?
    /// Names and namespace URIs by libxml2 dictionary pointer (stable during a parse).
    private var strings: [UnsafeRawPointer: String] = [:]
    /// The last string interned in each slot (see `interned`).
    private var recent = [(key: UnsafeRawPointer?, string: String)](repeating: (nil, ""), count: recentSlots)
    private static let recentSlots = 64
    /// A detached attribute that libxml2's ID table entries point at (see `registerID`).
    private var idAttribute: xmlAttrPtr?

    private init(context: xmlParserCtxtPtr, url: String?) {
        self.context = context
        self.documentURL = url
    }

    /// Points `context`'s SAX handler at a builder (SAX2 defaults plus our element, text and
    /// reference callbacks and the structured error handler), runs `read` (libxml2 parsing with
    /// `context`), and returns what was built; nil when the context has no SAX handler.
    /// `url` is the base of `xml:base` resolution.
    static func parse(context: xmlParserCtxtPtr, url: String?, read: () -> xmlDocPtr?) -> Outcome? {
        guard let sax = context.pointee.sax else { return nil }
        let builder = UnsafeMutablePointer<SAXTreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: SAXTreeBuilder(context: context, url: url))
        defer {
            if let idAttribute = builder.pointee.idAttribute { xmlFreeProp(idAttribute) }
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        install(on: sax)
        context.pointee._private = UnsafeMutableRawPointer(builder)
        defer { context.pointee._private = nil }
        let document = read()
        builder.pointee.flushText()  // an element left open keeps its text
        return Outcome(document: document, root: builder.pointee.root, issues: builder.pointee.issues)
    }

    private static func install(on sax: UnsafeMutablePointer<xmlSAXHandler>) {
        xmlSAXVersion(sax, 2)
        sax.pointee.startElementNs = { ctx, localname, prefix, uri, namespaceCount, namespaces, count, defaulted, attributes in
            guard let builder = SAXTreeBuilder.builder(for: ctx) else {
                xmlSAX2StartElementNs(ctx, localname, prefix, uri, namespaceCount, namespaces, count, defaulted, attributes)
                return
            }
            builder.pointee.startElement(localname, prefix: prefix, uri: uri, count: count, defaulted: defaulted, attributes: attributes)
        }
        sax.pointee.endElementNs = { ctx, localname, prefix, uri in
            guard let builder = SAXTreeBuilder.builder(for: ctx) else {
                xmlSAX2EndElementNs(ctx, localname, prefix, uri)
                return
            }
            builder.pointee.endElement()
        }
        // The same function for both: libxml2 then never asks whether whitespace is ignorable
        // (`areBlanks`), as with its default handler, and keeps all whitespace as text.
        let characters: charactersSAXFunc = { ctx, bytes, length in
            guard let builder = SAXTreeBuilder.builder(for: ctx) else {
                xmlSAX2Characters(ctx, bytes, length)
                return
            }
            builder.pointee.characters(bytes, length: length)
        }
        sax.pointee.characters = characters
        sax.pointee.ignorableWhitespace = characters
        sax.pointee.cdataBlock = characters  // XML_PARSE_NOCDATA clears it: CDATA arrives as characters
        sax.pointee.reference = { ctx, name in
            guard let builder = SAXTreeBuilder.builder(for: ctx) else {
                xmlSAX2Reference(ctx, name)
                return
            }
            builder.pointee.reference(name)
        }
        sax.pointee.comment = { ctx, value in
            guard let builder = SAXTreeBuilder.builder(for: ctx) else {
                xmlSAX2Comment(ctx, value)
                return
            }
            builder.pointee.otherNode()
        }
        sax.pointee.processingInstruction = { ctx, target, data in
            guard let builder = SAXTreeBuilder.builder(for: ctx) else {
                xmlSAX2ProcessingInstruction(ctx, target, data)
                return
            }
            builder.pointee.otherNode()
        }
        // Errors of the main context and of entity sub-contexts (which inherit `_private`).
        sax.pointee.serror = { userData, error in
            guard let error, let contextPointer = error.pointee.ctxt ?? userData else { return }
            let context = contextPointer.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = context.pointee._private else { return }
            let builder = box.assumingMemoryBound(to: SAXTreeBuilder.self)
            guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "error \(error.pointee.code)"
            builder.pointee.issues.record(line: Int(error.pointee.line), column: Int(error.pointee.int2), message: message)
        }
    }

    /// The builder of the main context `ctx`, or nil for a sub-context (entity content).
    private static func builder(for ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<SAXTreeBuilder>? {
        guard let ctx, let box = ctx.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else { return nil }
        let builder = box.assumingMemoryBound(to: SAXTreeBuilder.self)
        return UnsafeMutableRawPointer(builder.pointee.context) == ctx ? builder : nil
    }

    // MARK: - Events

    private mutating func startElement(
        _ localname: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?,
        count: Int32, defaulted: Int32, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        let depth = followParser()
        textNodeLength = nil
        guard let localname, skipped == 0, depth <= LibXML.maximumDepth, depth > 0 || root == nil else {
            skipped += 1
            return
        }
        let parentBase = open.isEmpty ? documentURL : open[open.count - 1].base
        var base = parentBase
        var list: [XMLAttribute] = []
        // libxml2's tree builder drops attributes defaulted by the DTD unless asked to complete them.
        var attributeCount = Int(count)
        if context.pointee.loadsubset & XML_COMPLETE_ATTRS == 0 { attributeCount -= Int(defaulted) }
        if attributeCount > 0, let attributes {
            list.reserveCapacity(attributeCount)
            let declaresAttributes = documentDeclaresAttributes
            for index in 0..<attributeCount {
                let fields = attributes + 5 * index  // local name, prefix, URI, value, value end
                guard let local = fields[0] else { continue }
                let name: String
                var namespace: String?
                var qualifiedName = local
                if let attributePrefix = fields[1] {
                    qualifiedName = qualified(attributePrefix, local)
                    if let attributeURI = fields[2] {
                        name = interned(local)
                        namespace = interned(attributeURI)
                    } else {
                        name = interned(qualifiedName)  // undeclared prefix: kept in the name
                    }
                } else {
                    name = interned(local)
                }
                let value = SAXAttributeValue.text(from: fields[3], to: fields[4], document: context.pointee.myDoc)
                if namespace == LibXML.xmlNamespace, name == "base" {
                    base = LibXML.resolve(value, against: parentBase)
                }
                if fields[2] != nil, fields[1] == context.pointee.str_xml, name == "id" {
                    registerID(from: fields[3], to: fields[4], xmlID: true)
                } else if declaresAttributes,
                          isDeclaredID(element: prefix != nil ? qualified(prefix, localname) : localname,
                                       attribute: qualifiedName) {
                    registerID(from: fields[3], to: fields[4], xmlID: false)
                }
                list.append(XMLAttribute(name: name, namespace: namespace, value: value))
            }
        }
        let element = XMLElement(
            name: interned(prefix != nil && uri == nil ? qualified(prefix, localname) : localname),
            namespace: uri.map { interned($0) }, attributes: list, base: base)
        if let parent = open.last {
            text.flush(into: parent, repairingMojibake: true)
            parent.children.append(.element(element))
        } else {
            root = element
        }
        open.append(element)
    }

    private mutating func endElement() {
        let depth = followParser()
        textNodeLength = nil
        guard open.count + skipped == depth, depth > 0 else { return }
        if skipped > 0 {
            skipped -= 1
        } else {
            flushText()
            open.removeLast()
        }
    }

    private mutating func characters(_ bytes: UnsafePointer<xmlChar>?, length: Int32) {
        guard let bytes, length > 0, followParser() > 0 else { return }
        let count = Int(length)
        if let current = textNodeLength {
            guard current + count <= Int(XML_MAX_TEXT_LENGTH)
                || context.pointee.options & Int32(XML_PARSE_HUGE.rawValue) != 0 else {
                stopAtHugeTextNode()
                return
            }
            textNodeLength = current + count
        } else {
            textNodeLength = count
        }
        if skipped == 0, open.count <= LibXML.maximumDepth {
            text.append(UnsafeBufferPointer(start: bytes, count: count))
        }
    }

    /// An entity reference libxml2 did not expand: undeclared HTML names such as `&nbsp;` in a
    /// recovered feed become their character; declared entities are never expanded.
    private mutating func reference(_ name: UnsafePointer<xmlChar>?) {
        guard followParser() > 0 else { return }
        textNodeLength = nil
        guard skipped == 0, open.count <= LibXML.maximumDepth, let name,
              let scalar = LibXML.htmlCharacter(ofUndeclaredEntity: name, in: context.pointee.myDoc) else { return }
        text.append(scalar)
    }

    /// A comment or processing instruction: not kept, but it ends libxml2's current text node.
    private mutating func otherNode() {
        if followParser() > 0 { textNodeLength = nil }
    }

    // MARK: - IDs

    // libxml2's tree builder registers `xml:id` values and attributes the DTD declares as IDs,
    // and reports bad or repeated ones as errors; they show in bozo reasons, so do the same.

    /// True when the DTD declares attributes (only then can an attribute be a declared ID).
    private var documentDeclaresAttributes: Bool {
        guard let document = context.pointee.myDoc else { return false }
        return document.pointee.intSubset?.pointee.attributes != nil
            || document.pointee.extSubset?.pointee.attributes != nil
    }

    /// libxml2 registers IDs only without `XML_SKIP_IDS` and without entity substitution.
    private var registersIDs: Bool {
        context.pointee.loadsubset & XML_SKIP_IDS == 0 && context.pointee.replaceEntities == 0
            && context.pointee.external != 2
    }

    /// As `xmlIsID`: the DTD declares `attribute` of `element` (qualified names) as an ID.
    private func isDeclaredID(element: UnsafePointer<xmlChar>, attribute: UnsafePointer<xmlChar>) -> Bool {
        guard registersIDs, let document = context.pointee.myDoc else { return false }
        let declaration = xmlGetDtdAttrDesc(document.pointee.intSubset, element, attribute)
            ?? xmlGetDtdAttrDesc(document.pointee.extSubset, element, attribute)
        return declaration?.pointee.atype == XML_ATTRIBUTE_ID
    }

    /// Registers an ID attribute's raw value (as libxml2 does: entity references undecoded) in
    /// the document's ID table with `xmlAddID`, which reports a repeated ID through the
    /// context's error handler; an `xml:id` that is not an NCName is reported first. The table
    /// only needs an attribute to point at: one detached attribute serves them all (the table
    /// never reads it).
    private mutating func registerID(from start: UnsafePointer<xmlChar>?, to end: UnsafePointer<xmlChar>?, xmlID: Bool) {
        guard registersIDs, let start, let end, end >= start, let document = context.pointee.myDoc else { return }
        let bytes = UnsafeBufferPointer(start: start, count: end - start)
        var value = Array(bytes)
        value.append(0)
        if xmlID, xmlValidateNCName(value, 1) != 0 {
            let input = context.pointee.input
            issues.record(line: Int(input?.pointee.line ?? 0), column: Int(input?.pointee.col ?? 0),
                          message: "xml:id : attribute value \(String(decoding: bytes, as: UTF8.self)) is not an NCName")
        }
        if idAttribute == nil { idAttribute = xmlNewDocProp(nil, "id", nil) }
        guard let idAttribute else { return }
        _ = xmlAddID(&context.pointee.vctxt, document, value, idAttribute)
    }

    // MARK: - Helpers

    /// Closes the elements libxml2 has closed without an end event (a start tag missing its
    /// `>`), and returns how many elements are open in the parser.
    @inline(__always)
    private mutating func followParser() -> Int {
        let depth = Int(context.pointee.nameNr)
        if open.count + skipped > depth { close(downTo: depth) }
        return depth
    }

    private mutating func close(downTo depth: Int) {
        while open.count + skipped > depth {
            if skipped > 0 {
                skipped -= 1
            } else {
                flushText()
                open.removeLast()
            }
        }
    }

    private mutating func flushText() {
        if let element = open.last { text.flush(into: element, repairingMojibake: true) }
    }

    /// libxml2's tree builder refuses to grow a text node past 10 MB: the same error, and the
    /// parse stops as it did (`xmlSAX2ErrMemory`).
    private mutating func stopAtHugeTextNode() {
        let input = context.pointee.input
        issues.record(line: Int(input?.pointee.line ?? 0), column: Int(input?.pointee.col ?? 0),
                      message: "xmlSAX2Characters: huge text node")
        context.pointee.errNo = Int32(XML_ERR_NO_MEMORY.rawValue)
        context.pointee.instate = XML_PARSER_EOF
        context.pointee.disableSAX = 1
    }

    /// `prefix:local` from libxml2's dictionary (a stable pointer), as its tree builder names
    /// elements and attributes whose prefix is not declared.
    private func qualified(_ prefix: UnsafePointer<xmlChar>?, _ local: UnsafePointer<xmlChar>) -> UnsafePointer<xmlChar> {
        xmlDictQLookup(context.pointee.dict, prefix, local) ?? local
    }

    /// `pointer`'s string, made once per distinct pointer: first a direct-mapped cache of
    /// recent pointers (cheaper than hashing), then the dictionary.
    private mutating func interned(_ pointer: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(pointer)
        let bits = UInt(bitPattern: key)
        let slot = Int(truncatingIfNeeded: (bits >> 3 ^ bits >> 9) & UInt(Self.recentSlots - 1))
        if recent[slot].key == key { return recent[slot].string }
        let made: String
        if let known = strings[key] {
            made = known
        } else {
            made = String(cString: pointer)
            strings[key] = made
        }
        recent[slot] = (key, made)
        return made
    }
}
