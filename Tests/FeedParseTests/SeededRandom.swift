/// A fixed-seed pseudo-random sequence (a 64-bit LCG) for generated test inputs: every run
/// checks the same documents.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}
