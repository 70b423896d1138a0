/// Readability's `_cleanConditionally` over a chosen main-text container: blocks (`div`,
/// `section`, `ul`, `ol`, `table`, `form`, `fieldset`) that look like widgets rather than prose
/// are left out: a negative class weight (unless the block holds half the container's text: the
/// story inside a too-wide container), mostly links, more images than paragraphs, inputs, or
/// hardly any text. Blocks with ten or more commas are kept.
enum ConditionalCleaner {
    /// Blocks the cleaner judges.
    static let judged: Set<String> = ["div", "section", "ul", "ol", "table", "form", "fieldset"]

    /// Words in `class` / `id` that mark content (Readability's `positive` pattern).
    static let positiveWords = MarkerWords([
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post",
        "text", "blog", "story",
    ])

    /// Words in `class` / `id` that mark boilerplate (Readability's `negative` pattern).
    static let negativeWords = MarkerWords([
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead",
        "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
        "skyscraper", "sponsor", "shopping", "tags", "widget",
    ])

    /// Counts over a subtree, without the blocks already removed.
    struct Stats {
        var textLength = 0
        var linkLength = 0
        var headingLength = 0
        var listTextLength = 0
        var commas = 0
        var paragraphs = 0
        var images = 0
        var listItems = 0
        var inputs = 0

        mutating func add(_ other: Stats) {
            textLength += other.textLength
            linkLength += other.linkLength
            headingLength += other.headingLength
            listTextLength += other.listTextLength
            commas += other.commas
            paragraphs += other.paragraphs
            images += other.images
            listItems += other.listItems
            inputs += other.inputs
        }

        /// Share of the text inside links.
        var linkDensity: Double { textLength == 0 ? 0 : Double(linkLength) / Double(textLength) }
    }

    /// The blocks below `container` (not `container` itself) to leave out; `isDropped` marks
    /// elements already out of the text.
    static func removed(in container: XMLElement, dropping isDropped: @escaping (XMLElement) -> Bool) -> Set<ObjectIdentifier> {
        var removed: Set<ObjectIdentifier> = []
        let containerLength = visibleLength(HTMLText.text(of: container, dropping: isDropped))
        _ = stats(of: container, isRoot: true, insideFigure: false, removed: &removed, containerLength: containerLength, isDropped: isDropped)
        return removed
    }

    /// Class weight: +25 for a positive word, -25 for a negative one, for `class` and `id` each.
    static func classWeight(_ element: XMLElement) -> Int {
        var weight = 0
        for name in ["class", "id"] {
            guard let value = element.attribute(name), !value.isEmpty else { continue }
            let marker = MarkerWords.lowered(value.utf8)
            if negativeWords.occurs(in: marker) { weight -= 25 }
            if positiveWords.occurs(in: marker) { weight += 25 }
        }
        return weight
    }

    private static func stats(
        of element: XMLElement, isRoot: Bool, insideFigure: Bool, removed: inout Set<ObjectIdentifier>,
        containerLength: Int, isDropped: (XMLElement) -> Bool
    ) -> Stats {
        var total = Stats()
        let name = element.name
        let inFigure = insideFigure || name == "figure"
        for child in element.children {
            switch child {
            case .text(let string):
                total.textLength += visibleLength(string)
                total.commas += string.unicodeScalars.reduce(0) { $0 + ($1 == "," || $1 == "，" ? 1 : 0) }
            case .element(let nested):
                if HTMLText.skipped.contains(nested.name) || isDropped(nested) { continue }
                if nested.name == "table" || nested.name == "pre" || nested.name == "code", keepsVerbatim(nested) {
                    total.add(plainStats(nested))
                    continue
                }
                total.add(stats(of: nested, isRoot: false, insideFigure: inFigure, removed: &removed, containerLength: containerLength, isDropped: isDropped))
            }
        }
        switch name {
        case "a": total.linkLength = total.textLength
        case "h1", "h2", "h3", "h4", "h5", "h6": total.headingLength = total.textLength
        case "li": total.listItems += 1; total.listTextLength = total.textLength
        case "p": total.paragraphs += 1
        case "img": total.images += 1
        case "input": total.inputs += 1
        default: break
        }
        guard !isRoot, judged.contains(name) else { return total }
        if shouldRemove(element, total, insideFigure: insideFigure, holdsMostText: total.textLength * 2 >= containerLength) {
            removed.insert(ObjectIdentifier(element))
            return Stats()
        }
        return total
    }

    /// Readability's removal test for one block with its counts.
    private static func shouldRemove(_ element: XMLElement, _ stats: Stats, insideFigure: Bool, holdsMostText: Bool) -> Bool {
        let weight = classWeight(element)
        if weight < 0 { return !holdsMostText }
        if stats.commas >= 10 { return false }
        let isList = element.name == "ul" || element.name == "ol"
            || (stats.textLength > 0 && Double(stats.listTextLength) / Double(stats.textLength) > 0.9)
        let headingDensity = stats.textLength == 0 ? 0 : Double(stats.headingLength) / Double(stats.textLength)
        let images = stats.images
        if images > 1, Double(stats.paragraphs) / Double(images) < 0.5, !insideFigure { return true }
        if !isList, stats.listItems - 100 > stats.paragraphs { return true }
        if stats.inputs > stats.paragraphs / 3 { return true }
        if !isList, headingDensity < 0.9, stats.textLength < 25, images == 0 || images > 2, !insideFigure { return true }
        if !isList, weight < 25, stats.linkDensity > 0.2 { return true }
        if weight >= 25, stats.linkDensity > 0.5 { return true }
        return false
    }

    /// True for a data table (Readability's `_markDataTables`) or code block, which the cleaner
    /// leaves whole.
    static func keepsVerbatim(_ element: XMLElement) -> Bool {
        guard element.name == "table" else { return true }
        if element.attribute("role")?.lowercased() == "presentation" || element.attribute("datatable") == "0" {
            return false
        }
        if element.attribute("summary") != nil { return true }
        if element.firstDescendant(where: { ["caption", "col", "colgroup", "tfoot", "thead", "th"].contains($0.name) }) != nil {
            return true
        }
        if element.firstDescendant(where: { $0.name == "table" }) != nil { return false }
        let rows = element.descendants { $0.name == "tr" }
        let columns = rows.map { row in
            row.elements.filter { $0.name == "td" || $0.name == "th" }
                .reduce(0) { $0 + max(1, Int($1.attribute("colspan") ?? "") ?? 1) }
        }.max() ?? 0
        if rows.count <= 1 || columns <= 1 { return false }
        if rows.count >= 10 || columns > 4 { return true }
        return rows.count * columns > 10
    }

    /// Counts of a subtree nothing is removed from.
    private static func plainStats(_ element: XMLElement) -> Stats {
        var stats = Stats()
        let text = element.text
        stats.textLength = visibleLength(text)
        stats.commas = text.utf8.count { $0 == UInt8(ascii: ",") }
        stats.paragraphs = element.descendants { $0.name == "p" }.count
        return stats
    }

    /// Unicode scalars of `text` with whitespace runs counted as one.
    private static func visibleLength(_ text: String) -> Int {
        var count = 0
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            if HTMLText.isSpace(scalar) {
                if !lastWasSpace { count += 1 }
                lastWasSpace = true
            } else {
                count += 1
                lastWasSpace = false
            }
        }
        return count
    }
}
