/// Finds a page's main text: `<article>` / `<main>` / `[role=main]`, else the element with
/// the most paragraph text, without navigation, boilerplate and social widgets.
enum MainTextExtractor {
    /// Elements never part of the main text.
    static let droppedElements: Set<String> = [
        "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe",
        "svg", "button", "select", "template", "dialog", "menu",
    ]

    /// Words in `class` / `id` that mark boilerplate.
    static let noiseWords = ["share", "social", "comment", "newsletter", "related", "promo", "cookie", "subscribe"]

    /// Containers whose class/id never drops them (a body with class "has-comments" is still the page).
    private static let structural: Set<String> = ["html", "body", "article", "main"]

    /// The main text, paragraphs separated by `\n`.
    static func mainText(of root: XMLElement) -> String {
        let container = mainContainer(root) ?? body(root) ?? root
        let text = HTMLText.text(of: container, dropping: isDropped)
        if text.count < 200, container !== root {
            // A tiny <article> (a teaser card) is worse than the whole page.
            let whole = HTMLText.text(of: body(root) ?? root, dropping: isDropped)
            if whole.count > text.count * 3 { return whole }
        }
        return text
    }

    /// True for elements left out of the main text.
    static func isDropped(_ element: XMLElement) -> Bool {
        if droppedElements.contains(element.name) { return true }
        if element.attribute("role")?.lowercased() == "navigation" { return true }
        if element.attribute("aria-hidden") == "true" { return true }
        guard !structural.contains(element.name) else { return false }
        let marker = ((element.attribute("class") ?? "") + " " + (element.attribute("id") ?? "")).lowercased()
        guard marker.count > 1 else { return false }
        return noiseWords.contains { marker.contains($0) }
    }

    private static func body(_ root: XMLElement) -> XMLElement? {
        root.name == "body" ? root : root.firstDescendant { $0.name == "body" }
    }

    private static func mainContainer(_ root: XMLElement) -> XMLElement? {
        let articles = root.descendants { $0.name == "article" && !isDropped($0) }
        if let best = articles.max(by: { paragraphLength($0) < paragraphLength($1) }), paragraphLength(best) > 0 {
            return best
        }
        if let main = root.firstDescendant(where: { $0.name == "main" || $0.attribute("role")?.lowercased() == "main" }) {
            return main
        }
        return densestParagraphParent(root)
    }

    /// Text length of the `<p>` elements below `element`.
    private static func paragraphLength(_ element: XMLElement) -> Int {
        element.descendants { $0.name == "p" }.reduce(0) { $0 + $1.text.count }
    }

    /// The element whose direct `<p>` children hold the most text.
    private static func densestParagraphParent(_ root: XMLElement) -> XMLElement? {
        var best: XMLElement?
        var bestScore = 0
        var stack: [XMLElement] = [root]
        while let element = stack.popLast() {
            if isDropped(element) { continue }
            var score = 0
            for child in element.elements {
                if child.name == "p" { score += child.text.count }
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
