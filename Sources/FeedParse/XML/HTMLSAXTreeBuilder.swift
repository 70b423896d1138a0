// Builds the `XMLElement` tree of an HTML page from libxml2's HTML parser events while it
// parses, so libxml2 never builds (and frees) a DOM that is then copied. Part of the libxml2
// bridge (LibXML.swift, SAXTreeBuilder.swift): pointers never leave these files.
internal import CLibXML2

/// Receives the events of libxml2's HTML parser for one page and builds the same tree as
/// libxml2's own HTML tree builder followed by a copy (`LibXML.parseHTMLThroughDOM`, the
/// reference the tests compare it with). What that builder did beyond making nodes is
/// repeated here:
/// - element names are split at their first colon (`fb:like` is an element `like`), with no
///   namespace; attribute names are kept whole, and a valueless boolean attribute
///   (`checked`) has its own name as its value;
/// - `HTML_PARSE_NOBLANKS`: libxml2 decides whether a whitespace-only run is ignorable by
///   looking at the element being built and its last child (`areBlanks`); without a DOM it
///   sees no element and keeps every such run, so the rule is applied here;
/// - a page nested deeper than libxml2's node stack allows (256) stops the parse there;
/// - elements after the root closes become children of the root, unless a doctype, comment
///   or processing instruction came first in the document (then they were siblings of the
///   root, outside the tree).
///
/// Document start and end and the doctype stay with libxml2's SAX2 defaults, so the
/// document still records the encoding and the doctype.
///
/// For `LibXML.htmlText` the same events give the raw text instead of a tree (`TextOnly`):
/// the text a walk of that tree would give, without building it.
struct HTMLSAXTreeBuilder: ~Copyable {
    /// What one parse produced.
    struct Outcome {
        /// What `read` returned (libxml2's document: doctype, encoding; no elements).
        var document: xmlDocPtr?
        /// The first element, if any (nil when only the text was asked for).
        var root: XMLElement?
        /// True when the document had an element.
        var hasRoot: Bool
        /// The raw text, when only the text was asked for.
        var text: [UInt8]
    }

    /// What to gather instead of a tree: character data in document order, elements named in
    /// `skipped` left out, a `\n` before and after elements named in `blocks`.
    struct TextOnly {
        var skipped: Set<String>
        var blocks: Set<String>
    }

    /// An element name as the tree builder and the rules see it, worked out once per name.
    private struct ElementName {
        /// The element's name in the tree (see `elementName`).
        var local: String
        /// Whitespace after such an element is text (by its name in the tree).
        var localAllowsText: Bool
        /// Whitespace as its first content is text (by the parser's name, the whole name).
        var allowsText: Bool
        /// Left out of the text, and a block (text only).
        var skipped: Bool
        var block: Bool
    }

    /// An open element: the one being built (nil for text only), whether it is a block, and
    /// whether it is the root.
    private struct Open {
        var element: XMLElement?
        var block: Bool
        var isRoot: Bool
        var last: LastChild = .nothing
    }

    /// What an open element last received, as libxml2's `areBlanks` sees it (comments are
    /// skipped there, so they change nothing here).
    private enum LastChild {
        case nothing
        case text
        /// An element or processing instruction, and whether whitespace after it is text
        /// (libxml2's `allowPCData` holds its name); script or style content is not.
        case node(allowsText: Bool)
    }

    private let context: htmlParserCtxtPtr
    private let documentURL: String?
    private let textOnly: TextOnly?
    private var root: XMLElement?
    private var hasRoot = false
    /// The root was left out (text only): so are the elements libxml2 would add to it.
    private var rootSkipped = false
    /// The root is a block that has ended (text only): its closing `\n` comes after the
    /// elements libxml2 adds to it.
    private var rootNewlinePending = false
    /// Open elements, outermost first, and what each last received.
    private var open: [Open] = []
    /// The raw text (text only).
    private var output: [UInt8] = []
    /// Open elements of a subtree that is not part of the tree (see the type's notes).
    private var skipped = 0
    /// Character data of `open.last` since its last child element.
    private var text = PendingText()
    /// True while the root is the document's first node (see the type's notes).
    private var rootIsFirstNode = true
    /// What is known of each element name, and attribute names, by libxml2 dictionary pointer.
    private var elementNames: [UnsafeRawPointer: ElementName] = [:]
    private var attributeNames: [UnsafeRawPointer: String] = [:]

    /// libxml2's `xmlParserMaxDepth`: its tree builder refuses to push a node with this many
    /// open and stops the parse.
    private static let maximumOpenNodes = 256

    private init(context: htmlParserCtxtPtr, url: String?, textOnly: TextOnly?) {
        self.context = context
        self.documentURL = url
        self.textOnly = textOnly
    }

    /// Points `context`'s SAX handler at a builder, runs `read` (libxml2's HTML parser with
    /// `context`), and returns what was built (only the text with `textOnly`); nil when the
    /// context has no SAX handler.
    static func parse(
        context: htmlParserCtxtPtr, url: String?, textOnly: TextOnly? = nil, read: () -> xmlDocPtr?
    ) -> Outcome? {
        guard let sax = context.pointee.sax else { return nil }
        let builder = UnsafeMutablePointer<HTMLSAXTreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: HTMLSAXTreeBuilder(context: context, url: url, textOnly: textOnly))
        defer {
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        install(on: sax)
        context.pointee._private = UnsafeMutableRawPointer(builder)
        defer { context.pointee._private = nil }
        let document = read()
        builder.pointee.finish()
        return Outcome(
            document: document, root: builder.pointee.root, hasRoot: builder.pointee.hasRoot,
            text: builder.pointee.output)
    }

    private static func install(on sax: UnsafeMutablePointer<xmlSAXHandler>) {
        sax.pointee.startElement = { ctx, name, attributes in
            HTMLSAXTreeBuilder.builder(for: ctx)?.pointee.startElement(name, attributes: attributes)
        }
        sax.pointee.endElement = { ctx, _ in
            HTMLSAXTreeBuilder.builder(for: ctx)?.pointee.endElement()
        }
        sax.pointee.characters = { ctx, bytes, length in
            HTMLSAXTreeBuilder.builder(for: ctx)?.pointee.characters(bytes, length: length)
        }
        // `HTML_PARSE_NOBLANKS` sets libxml2's no-op handler for what it finds ignorable.
        sax.pointee.cdataBlock = { ctx, bytes, length in
            HTMLSAXTreeBuilder.builder(for: ctx)?.pointee.rawText(bytes, length: length)
        }
        sax.pointee.comment = { ctx, _ in
            HTMLSAXTreeBuilder.builder(for: ctx)?.pointee.topLevelNode()
        }
        sax.pointee.processingInstruction = { ctx, target, _ in
            HTMLSAXTreeBuilder.builder(for: ctx)?.pointee.processingInstruction(target)
        }
        sax.pointee.internalSubset = { ctx, name, externalID, systemID in
            xmlSAX2InternalSubset(ctx, name, externalID, systemID)
            HTMLSAXTreeBuilder.builder(for: ctx)?.pointee.doctype()
        }
    }

    private static func builder(for ctx: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<HTMLSAXTreeBuilder>? {
        guard let ctx, let box = ctx.assumingMemoryBound(to: htmlParserCtxt.self).pointee._private else { return nil }
        return box.assumingMemoryBound(to: HTMLSAXTreeBuilder.self)
    }

    // MARK: - Events

    private mutating func startElement(
        _ name: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard let name else { return }
        guard open.count + skipped <= Self.maximumOpenNodes else {
            xmlStopParser(context)
            return
        }
        if skipped > 0 || (open.isEmpty && hasRoot && (!rootIsFirstNode || rootSkipped)) {
            skipped += 1
            return
        }
        let info = elementName(name)
        let isRoot = !hasRoot
        hasRoot = true
        if !open.isEmpty { open[open.count - 1].last = .node(allowsText: info.localAllowsText) }
        if textOnly != nil {
            if info.skipped {
                if isRoot { rootSkipped = true }
                skipped += 1
                return
            }
            if info.block { output.append(10) }
            open.append(Open(element: nil, block: info.block, isRoot: isRoot))
            return
        }
        let element = XMLElement(
            name: info.local, namespace: nil, attributes: self.attributes(attributes), base: documentURL)
        if let parent = open.last?.element {
            text.flush(into: parent, repairingMojibake: false)
            parent.children.append(.element(element))
        } else if let root {
            root.children.append(.element(element))
        } else {
            root = element
        }
        open.append(Open(element: element, block: false, isRoot: isRoot))
    }

    private mutating func endElement() {
        if skipped > 0 {
            skipped -= 1
        } else if !open.isEmpty {
            flushText()
            close(open.removeLast())
        }
    }

    /// The closing `\n` of a block (text only), after everything libxml2 adds to the root.
    private mutating func close(_ element: Open) {
        guard element.block else { return }
        if element.isRoot { rootNewlinePending = true } else { output.append(10) }
    }

    /// Closes what a parse stopped early left open, and the root.
    private mutating func finish() {
        flushText()
        while let element = open.popLast() { close(element) }
        if rootNewlinePending { output.append(10) }
    }

    private mutating func characters(_ bytes: UnsafePointer<xmlChar>?, length: Int32) {
        guard let bytes, length > 0, skipped == 0, !open.isEmpty else { return }
        let run = UnsafeBufferPointer(start: bytes, count: Int(length))
        if run.allSatisfy(Self.isBlank), dropsBlank() { return }
        if textOnly != nil { output.append(contentsOf: run) } else { text.append(run) }
        open[open.count - 1].last = .text
    }

    /// Script and style content (libxml2 made a CDATA node of it).
    private mutating func rawText(_ bytes: UnsafePointer<xmlChar>?, length: Int32) {
        guard let bytes, length > 0, skipped == 0, !open.isEmpty else { return }
        let run = UnsafeBufferPointer(start: bytes, count: Int(length))
        if textOnly != nil { output.append(contentsOf: run) } else { text.append(run) }
        open[open.count - 1].last = .node(allowsText: false)
    }

    private mutating func processingInstruction(_ target: UnsafePointer<xmlChar>?) {
        if open.isEmpty || skipped > 0 {
            topLevelNode()
        } else {
            let name = target.map { String(cString: $0) }
            open[open.count - 1].last = .node(allowsText: name.map(HTMLFragmentText.allowsText.contains) ?? false)
        }
    }

    /// A comment or processing instruction outside any element: one before the root makes
    /// the root the document's second node.
    private mutating func topLevelNode() {
        if !hasRoot, open.isEmpty, skipped == 0 { rootIsFirstNode = false }
    }

    /// libxml2 puts the doctype first among the document's nodes, wherever it appears.
    private mutating func doctype() {
        rootIsFirstNode = false
    }

    // MARK: - Helpers

    /// libxml2's `areBlanks` past the point where it needs the tree (the caller checked the
    /// run is blank; libxml2 already dropped runs at the end, in `html` and `head`, and in a
    /// `body` under an HTML 4 doctype).
    private mutating func dropsBlank() -> Bool {
        let next = context.pointee.input?.pointee.cur?.pointee ?? 0
        if next == 0 { return true }
        guard next == UInt8(ascii: "<") else { return false }
        switch open[open.count - 1].last {
        case .nothing:
            guard let current = context.pointee.name else { return true }
            return !elementName(current).allowsText
        case .text:
            return false
        case .node(let allowsText):
            return !allowsText
        }
    }

    /// libxml2's `IS_BLANK_CH`.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private mutating func flushText() {
        if let element = open.last?.element { text.flush(into: element, repairingMojibake: false) }
    }

    /// What is known of the element name at `pointer`, worked out once per distinct pointer.
    /// Its name in the tree is libxml2's `xmlSplitQName`: the part after the first colon,
    /// unless the colon comes first or last.
    private mutating func elementName(_ pointer: UnsafePointer<xmlChar>) -> ElementName {
        let key = UnsafeRawPointer(pointer)
        if let known = elementNames[key] { return known }
        let whole = String(cString: pointer)
        var local = whole
        let bytes = Array(whole.utf8)
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon < bytes.count - 1 {
            local = String(decoding: bytes[(colon + 1)...], as: UTF8.self)
        }
        let made = ElementName(
            local: local, localAllowsText: HTMLFragmentText.allowsText.contains(local),
            allowsText: HTMLFragmentText.allowsText.contains(whole),
            skipped: textOnly?.skipped.contains(local) ?? false, block: textOnly?.blocks.contains(local) ?? false)
        elementNames[key] = made
        return made
    }

    /// `pointer`'s string, made once per distinct pointer.
    private mutating func attributeName(_ pointer: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(pointer)
        if let known = attributeNames[key] { return known }
        let name = String(cString: pointer)
        attributeNames[key] = name
        return name
    }

    /// The attributes of a start tag (name and value pairs, values already decoded; a missing
    /// value is empty, or the name itself for a boolean attribute).
    private mutating func attributes(_ pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> [XMLAttribute] {
        guard let pairs else { return [] }
        var list: [XMLAttribute] = []
        var index = 0
        while let pointer = pairs[index] {
            let name = attributeName(pointer)
            let value: String
            if let raw = pairs[index + 1] {
                value = String(cString: raw)
            } else {
                value = htmlIsBooleanAttr(pointer) != 0 ? name : ""
            }
            list.append(XMLAttribute(name: name, namespace: nil, value: value))
            index += 2
        }
        return list
    }
}
