extension UInt8 {
    /// True for `A`-`Z`.
    var isASCIIUppercase: Bool { self &- 65 < 26 }

    /// `A`-`Z` lowered, every other byte as it is.
    var asciiLowercased: UInt8 { isASCIIUppercase ? self | 0x20 : self }
}

extension String {
    /// The string lower-cased when it holds an ASCII capital, else itself without a copy: for
    /// tag names and date tokens, which are ASCII and mostly lower-case already.
    var lowercasedIfASCIIUppercase: String {
        utf8.contains(where: \.isASCIIUppercase) ? lowercased() : self
    }
}
