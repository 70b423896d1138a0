/// Finds a page's main text: `<article>` / `<main>` / `[role=main]`, else the element with
/// the most paragraph text, without navigation, boilerplate and social widgets.
enum MainTextExtractor {
    /// Readability's retry threshold: a shorter text is tried again without `unlikelyWords`.
    static let retryLength = 500

    /// The main text, paragraphs separated by `\n`.
    static func mainText(of root: XMLElement) -> String {
        let strict = mainText(of: root, filter: BoilerplateFilter())
        guard strict.scalarLength < retryLength else { return strict }
        let loose = mainText(of: root, filter: BoilerplateFilter(stripsUnlikely: false))
        return loose.scalarLength > strict.scalarLength ? loose : strict
    }

    private static func mainText(of root: XMLElement, filter: BoilerplateFilter) -> String {
        let container = mainContainer(root, filter: filter) ?? body(root) ?? root
        let text = cleanText(of: container, filter: filter)
        if text.scalarLength < 200, container !== root {
            // A tiny <article> (a teaser card) is worse than the whole page.
            let whole = cleanText(of: body(root) ?? root, filter: filter)
            if whole.scalarLength > text.scalarLength * 3 { return whole }
        }
        return text
    }

    /// Text of `container` without dropped elements and the blocks `ConditionalCleaner` removes.
    private static func cleanText(of container: XMLElement, filter: BoilerplateFilter) -> String {
        let removed = ConditionalCleaner.removed(in: container, dropping: filter.isDropped)
        guard !removed.isEmpty else { return HTMLText.text(of: container, dropping: filter.isDropped) }
        return HTMLText.text(of: container) { filter.isDropped($0) || removed.contains(ObjectIdentifier($0)) }
    }

    /// Readability's candidate scoring: each paragraph of 25+ characters scores 1 + commas +
    /// one point per 100 characters (at most 3) for its parent, half of that for its grandparent;
    /// the best-scored element is the article, widened to its parent when a sibling scores at
    /// least a fifth as much (a story split over several blocks).
    static func bestScored(_ root: XMLElement, filter: BoilerplateFilter = BoilerplateFilter()) -> XMLElement? {
        var scores: [ObjectIdentifier: (element: XMLElement, score: Double)] = [:]
        var parents: [ObjectIdentifier: XMLElement] = [:]
        var stack: [XMLElement] = [root]
        while let element = stack.popLast() {
            if filter.isDropped(element) { continue }
            for child in element.elements {
                parents[ObjectIdentifier(child)] = element
                stack.append(child)
            }
            guard isParagraph(element) else { continue }
            let text = element.text
            let length = text.scalarLength
            guard length >= 25 else { continue }
            let score = 1 + Double(text.utf8.count { $0 == UInt8(ascii: ",") }) + min(Double(length / 100), 3)
            guard let parent = parents[ObjectIdentifier(element)] else { continue }
            scores[ObjectIdentifier(parent), default: (parent, 0)].score += score
            if let grandparent = parents[ObjectIdentifier(parent)] {
                scores[ObjectIdentifier(grandparent), default: (grandparent, 0)].score += score / 2
            }
        }
        guard let top = scores.values.max(by: { $0.score < $1.score }) else { return nil }
        if let parent = parents[ObjectIdentifier(top.element)], !BoilerplateFilter.structural.contains(parent.name) || parent.name == "article" || parent.name == "main" {
            let threshold = max(10, top.score * 0.2)
            let strongSiblings = parent.elements.filter {
                $0 !== top.element && (scores[ObjectIdentifier($0)]?.score ?? 0) >= threshold
            }
            if !strongSiblings.isEmpty || hasProseSiblings(of: top.element, in: parent) { return parent }
        }
        return top.element
    }

    /// True when `parent` holds, beside `top`, direct `<p>` children Readability would join to the
    /// article: over 80 characters with under a quarter of them in links (the story's opening
    /// paragraphs left outside an unclosed wrapper).
    private static func hasProseSiblings(of top: XMLElement, in parent: XMLElement) -> Bool {
        parent.elements.contains { sibling in
            guard sibling !== top, sibling.name == "p" else { return false }
            let length = sibling.textLength
            guard length > 80 else { return false }
            let linked = sibling.descendants { $0.name == "a" }.reduce(0) { $0 + $1.textLength }
            return Double(linked) < Double(length) * 0.25
        }
    }

    /// Block elements that keep a `<div>` from reading as a paragraph (Readability's `DIV_TO_P_ELEMS`).
    private static let blockInsideDiv: Set<String> = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]

    /// True for the elements scored as paragraphs: `<p>`, `<pre>`, `<td>`, and a `<div>` without
    /// block elements inside (a story written as one `<div>` per paragraph).
    static func isParagraph(_ element: XMLElement) -> Bool {
        switch element.name {
        case "p", "pre", "td": return true
        case "div": return element.firstDescendant { blockInsideDiv.contains($0.name) } == nil
        default: return false
        }
    }

    private static func body(_ root: XMLElement) -> XMLElement? {
        root.name == "body" ? root : root.firstDescendant { $0.name == "body" }
    }

    private static func mainContainer(_ root: XMLElement, filter: BoilerplateFilter) -> XMLElement? {
        // schema.org's articleBody is the publisher's own word for it.
        let bodies = root.descendants { $0.attribute("itemprop")?.lowercased() == "articlebody" }
        if let best = longest(bodies), best.length > 200 {
            return best.element
        }
        let articles = root.descendants { $0.name == "article" && !filter.isDropped($0) }
        if let best = longest(articles), best.length > 0, !isListing(articles, largest: best.length) {
            return best.element
        }
        if let main = root.firstDescendant(where: { $0.name == "main" || $0.attribute("role")?.lowercased() == "main" }) {
            return main
        }
        return bestScored(root, filter: filter) ?? densestParagraphParent(root, filter: filter)
    }

    /// True when `articles` are teaser cards of a section page: three or more, none nested in
    /// another, and the largest holds less than half of their paragraph text.
    private static func isListing(_ articles: [XMLElement], largest: Int) -> Bool {
        let outer = outermost(articles)
        guard outer.count >= 3 else { return false }
        let total = outer.reduce(0) { $0 + paragraphLength($1) }
        return largest * 2 < total
    }

    /// Those of `elements` not nested inside another of them, in their order.
    private static func outermost(_ elements: [XMLElement]) -> [XMLElement] {
        let all = Set(elements.map(ObjectIdentifier.init))
        var nested: Set<ObjectIdentifier> = []
        for element in elements where !nested.contains(ObjectIdentifier(element)) {
            for inner in element.descendants(where: { all.contains(ObjectIdentifier($0)) }) {
                nested.insert(ObjectIdentifier(inner))
            }
        }
        return elements.filter { !nested.contains(ObjectIdentifier($0)) }
    }

    /// The first of `elements` with the most paragraph text, and that length.
    private static func longest(_ elements: [XMLElement]) -> (element: XMLElement, length: Int)? {
        var best: (element: XMLElement, length: Int)?
        for element in elements {
            let length = paragraphLength(element)
            if length > best?.length ?? -1 { best = (element, length) }
        }
        return best
    }

    /// Text length (Unicode scalars) of the `<p>` elements below `element`.
    static func paragraphLength(_ element: XMLElement) -> Int {
        element.descendants { $0.name == "p" }.reduce(0) { $0 + $1.textLength }
    }

    /// The element whose direct `<p>` children hold the most text.
    private static func densestParagraphParent(_ root: XMLElement, filter: BoilerplateFilter) -> XMLElement? {
        var best: XMLElement?
        var bestScore = 0
        var stack: [XMLElement] = [root]
        while let element = stack.popLast() {
            if filter.isDropped(element) { continue }
            var score = 0
            for child in element.elements {
                if child.name == "p" { score += child.textLength }
                stack.append(child)
            }
            if score > bestScore {
                bestScore = score
                best = element
            }
        }
        return best
    }
}
