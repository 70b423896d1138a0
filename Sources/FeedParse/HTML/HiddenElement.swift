/// Elements a reader never sees, as Readability's `_isProbablyVisible` and unlikely-role rules
/// judge them: `hidden`, inline `display: none` / `visibility: hidden`, and ARIA roles of
/// menus, dialogs, alerts and complementary boxes.
enum HiddenElement {
    /// ARIA roles whose content is never the article.
    static let unlikelyRoles: Set<String> = [
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
    ]

    /// True when `element` is hidden or has an unlikely role.
    static func matches(_ element: XMLElement) -> Bool {
        if element.attribute("hidden") != nil { return true }
        if let role = element.attribute("role")?.lowercased(), unlikelyRoles.contains(role) { return true }
        guard let style = element.attribute("style"), style.count > 10 else { return false }
        return hidesContent(style: style)
    }

    /// True for an inline style with `display: none` or `visibility: hidden`.
    static func hidesContent(style: String) -> Bool {
        let compact = String(style.lowercased().filter { !$0.isWhitespace })
        for declaration in compact.split(separator: ";") {
            if declaration == "display:none" || declaration.hasPrefix("display:none!") { return true }
            if declaration == "visibility:hidden" || declaration.hasPrefix("visibility:hidden!") { return true }
        }
        return false
    }
}
