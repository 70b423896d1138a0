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
        guard let style = element.attribute("style"), style.utf8.count > 10 else { return false }
        return hidesContent(style: style)
    }

    private static let hidingDeclarations: [[UInt8]] = [Array("display:none".utf8), Array("visibility:hidden".utf8)]

    /// True for an inline style with `display: none` or `visibility: hidden` (case and
    /// whitespace ignored, `!important` allowed).
    static func hidesContent(style: String) -> Bool {
        var compact: [UInt8] = []
        compact.reserveCapacity(style.utf8.count)
        for scalar in style.unicodeScalars where !HTMLText.isSpace(scalar) {
            // A non-ASCII character is never part of either declaration: 0x80 keeps them from matching.
            compact.append(scalar.isASCII ? UInt8(scalar.value).asciiLowercased : 0x80)
        }
        for declaration in compact.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            for hiding in hidingDeclarations where declaration.starts(with: hiding) {
                let rest = declaration.dropFirst(hiding.count)
                if rest.isEmpty || rest.first == UInt8(ascii: "!") { return true }
            }
        }
        return false
    }
}
