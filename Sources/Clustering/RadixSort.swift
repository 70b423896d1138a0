/// Sorting of 64-bit hashes (tokens, terms, band keys) by least-significant-digit radix:
/// eight byte-wide passes over the values instead of the standard library's comparison merge
/// sort, which took most of the time of counting a text's terms. Passes whose byte is the
/// same in every value are skipped.
public enum RadixSort {
    /// Below this many values insertion sort is faster than eight passes.
    static let insertionLimit = 48

    /// Sorts `values` in increasing order.
    public static func sort(_ values: inout [UInt64]) {
        let count = values.count
        guard count > 1 else { return }
        if count <= insertionLimit {
            values.withUnsafeMutableBufferPointer(insertionSort)
            return
        }
        // One read of the values counts all eight digits.
        var histogram = [Int](repeating: 0, count: 8 * 256)
        values.withUnsafeBufferPointer { values in
            histogram.withUnsafeMutableBufferPointer { histogram in
                for value in values {
                    var rest = value
                    for digit in 0..<8 {
                        histogram[digit &* 256 &+ Int(truncatingIfNeeded: rest & 0xFF)] &+= 1
                        rest >>= 8
                    }
                }
            }
        }
        var scratch = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var inScratch = false
        for digit in 0..<8 {
            let shift = UInt64(digit * 8)
            let first = Int(truncatingIfNeeded: ((inScratch ? scratch[0] : values[0]) >> shift) & 0xFF)
            if histogram[digit * 256 + first] == count { continue }  // every value has this byte
            var offsets = [Int](repeating: 0, count: 256)
            var total = 0
            for bucket in 0..<256 {
                offsets[bucket] = total
                total += histogram[digit * 256 + bucket]
            }
            if inScratch {
                scatter(from: &scratch, to: &values, shift: shift, offsets: &offsets)
            } else {
                scatter(from: &values, to: &scratch, shift: shift, offsets: &offsets)
            }
            inScratch.toggle()
        }
        if inScratch { swap(&values, &scratch) }
    }

    /// Returns `values` sorted in increasing order.
    public static func sorted(_ values: [UInt64]) -> [UInt64] {
        var copy = values
        sort(&copy)
        return copy
    }

    private static func scatter(from source: inout [UInt64], to target: inout [UInt64], shift: UInt64, offsets: inout [Int]) {
        source.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { target in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    for value in source {
                        let bucket = Int(truncatingIfNeeded: (value >> shift) & 0xFF)
                        target[offsets[bucket]] = value
                        offsets[bucket] &+= 1
                    }
                }
            }
        }
    }

    private static func insertionSort(_ values: inout UnsafeMutableBufferPointer<UInt64>) {
        for index in 1..<values.count {
            let value = values[index]
            var position = index
            while position > 0, values[position - 1] > value {
                values[position] = values[position - 1]
                position -= 1
            }
            values[position] = value
        }
    }
}
