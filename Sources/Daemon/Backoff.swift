/// Delay before the next poll after `failures` consecutive failures: the interval doubled
/// per failure, capped at a day, with up to 10% random jitter so failing sources spread out.
enum Backoff {
    static func delay(interval: Int, failures: Int, jitter: Double = Double.random(in: 0...0.1)) -> Double {
        let base = Double(max(interval, 10))
        guard failures > 0 else { return base }
        let doubled = base * Double(1 << min(failures, 12))
        return min(doubled, 86_400) * (1 + jitter)
    }
}
