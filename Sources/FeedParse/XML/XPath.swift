internal import CLibXML2

/// libxml2's XPath 1.0 over an HTML document (the bridge: pointers stay in this file).
enum XPath {
    /// One item node's selected values (string values, whitespace untouched).
    struct Row {
        var title: String?
        var link: String?
        var date: String?
    }

    /// Nil when `expression` compiles, else the reason.
    static func problem(with expression: String) -> String? {
        xmlInitParser()
        guard !expression.isEmpty else { return "empty expression" }
        guard let compiled = xmlXPathCompile(expression) else { return "not a valid XPath 1.0 expression" }
        xmlXPathFreeCompExpr(compiled)
        return nil
    }

    /// Parses `bytes` as HTML and evaluates `item`, then `title`, `link`, `date` relative to each
    /// item node. Nil when the page could not be parsed at all; throws the key whose expression failed.
    static func rows(
        html bytes: [UInt8], encoding: String?, item: String, title: String?, link: String?, date: String?
    ) throws(XPathFailure) -> [Row]? {
        xmlInitParser()
        var compiled: [String: xmlXPathCompExprPtr] = [:]
        defer { for expression in compiled.values { xmlXPathFreeCompExpr(expression) } }
        for (key, expression) in [("item", item), ("title", title), ("link", link), ("date", date)] {
            guard let expression else { continue }
            guard let expr = xmlXPathCompile(expression) else { throw XPathFailure(key: key, expression: expression) }
            compiled[key] = expr
        }
        guard !bytes.isEmpty else { return [] }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue)
        let document = LibXML.withCharacters(bytes) { htmlReadMemory($0, $1, nil, encoding, options) }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let context = xmlXPathNewContext(document) else { return nil }
        defer { xmlXPathFreeContext(context) }
        guard let itemExpression = compiled["item"], let items = xmlXPathCompiledEval(itemExpression, context) else {
            throw XPathFailure(key: "item", expression: item)
        }
        defer { xmlXPathFreeObject(items) }
        var nodes: [xmlNodePtr] = []
        if items.pointee.type == XPATH_NODESET, let set = items.pointee.nodesetval, let table = set.pointee.nodeTab {
            for index in 0..<Int(set.pointee.nodeNr) {
                if let node = table[index] { nodes.append(node) }
            }
        }
        return nodes.map { node in
            context.pointee.node = node
            func value(_ key: String) -> String? {
                guard let expression = compiled[key], let result = xmlXPathCompiledEval(expression, context) else { return nil }
                defer { xmlXPathFreeObject(result) }
                if result.pointee.type == XPATH_NODESET, (result.pointee.nodesetval?.pointee.nodeNr ?? 0) == 0 { return nil }
                guard let chars = xmlXPathCastToString(result) else { return nil }
                defer { CLibXML2_free(chars) }
                return String(cString: chars)
            }
            return Row(title: value("title"), link: value("link"), date: value("date"))
        }
    }
}

/// An XPath expression libxml2 would not compile or evaluate, with the selector key it came from.
struct XPathFailure: Error {
    var key: String
    var expression: String
}
