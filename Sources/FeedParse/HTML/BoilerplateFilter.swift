/// Which elements stay out of a page's main text: scripts and chrome (`nav`, `footer`, ...),
/// hidden elements, and blocks whose `class` / `id` mark them as widgets or page furniture.
struct BoilerplateFilter: Sendable {
    /// Elements never part of the main text.
    static let droppedElements: Set<String> = [
        "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe",
        "svg", "button", "select", "template", "dialog", "menu", "object", "embed",
    ]

    /// Words in `class` / `id` that mark boilerplate.
    static let noiseWords = MarkerWords(["share", "social", "comment", "newsletter", "related", "promo", "cookie", "subscribe"])

    /// Words in `class` / `id` of blocks that are never the story (Readability's `unlikelyCandidates`)...
    static let unlikelyWords = MarkerWords([
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus",
        "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss",
        "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate",
        "pagination", "pager", "popup", "yom-remote",
    ])

    /// ...unless they also carry one of these (Readability's `okMaybeItsACandidate`).
    static let maybeCandidateWords = MarkerWords([
        "and", "article", "body", "column", "content", "main", "mathjax", "shadow",
    ])

    /// Containers whose class/id never drops them (a body with class "has-comments" is still the page).
    static let structural: Set<String> = ["html", "body", "article", "main"]

    /// Whether `unlikelyWords` drop blocks; Readability turns this off and tries again when the
    /// article comes out too short (a story inside `panel-two-col-sidebar`).
    var stripsUnlikely = true

    /// True for a `class id` marker of a block that is never the story.
    static func isUnlikelyCandidate(_ marker: String) -> Bool {
        isUnlikelyCandidate(MarkerWords.lowered(marker.utf8))
    }

    /// True for a lower-cased `class id` marker (`MarkerWords.marker(of:)`) of a block that is never the story.
    static func isUnlikelyCandidate(_ marker: [UInt8]) -> Bool {
        unlikelyWords.occurs(in: marker) && !maybeCandidateWords.occurs(in: marker)
    }

    /// True for elements left out of the main text.
    func isDropped(_ element: XMLElement) -> Bool {
        if Self.droppedElements.contains(element.name) { return true }
        if element.attribute("aria-hidden") == "true" { return true }
        if HiddenElement.matches(element) { return true }
        guard !Self.structural.contains(element.name) else { return false }
        if element.attribute("itemprop")?.lowercased() == "articlebody" { return false }
        let marker = MarkerWords.marker(of: element)
        guard marker.count > 1 else { return false }
        if stripsUnlikely, element.name != "a", Self.isUnlikelyCandidate(marker) { return true }
        guard Self.noiseWords.occurs(in: marker) else { return false }
        // "gigya-share-btns_containerParent" around the story body: a noise word beside a lot of
        // paragraph text is a widget's wrapper, not the widget.
        return MainTextExtractor.paragraphLength(element) < 1_000
    }
}
