import Dispatch
import FeedStore
import Metrics

/// What the daemon counts, through swift-metrics (a no-op until the executable bootstraps a
/// backend; `feedmerge run` uses Prometheus and serves it at `/metrics`):
/// `feedmerge_fetches_total{outcome}`, `feedmerge_parse_errors_total`,
/// `feedmerge_entries_ingested_total{result}`, `feedmerge_stories_created_total`,
/// `feedmerge_cluster_decisions_total{tier}`, `feedmerge_poll_duration_seconds`, and the
/// in-memory clustering window's size: `feedmerge_cluster_window_entries`,
/// `feedmerge_cluster_window_stories`, `feedmerge_cluster_window_postings`, and the entry
/// changes the search index has not applied yet: `feedmerge_search_index_behind`.
enum PollMetrics {
    static func polled(_ outcome: SourcePoller.Outcome, started: DispatchTime) {
        let name: String
        switch outcome {
        case .ingested: name = "modified"
        case .notModified: name = "not_modified"
        case .unchangedBody: name = "unchanged_body"
        case .failed: name = "failed"
        case .cancelled: name = "cancelled"
        }
        Counter(label: "feedmerge_fetches_total", dimensions: [("outcome", name)]).increment()
        Metrics.Timer(label: "feedmerge_poll_duration_seconds", preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds))
    }

    static func parseFailed() {
        Counter(label: "feedmerge_parse_errors_total").increment()
    }

    static func ingested(_ results: [IngestResult], window: ClusterWindowStatistics, search: SearchIndexStatus) {
        Gauge(label: "feedmerge_search_index_behind").record(search.behind)
        Gauge(label: "feedmerge_cluster_window_entries").record(window.entries)
        Gauge(label: "feedmerge_cluster_window_stories").record(window.stories)
        Gauge(label: "feedmerge_cluster_window_postings").record(window.postings)
        var added = 0, versions = 0, unchanged = 0
        var tiers: [String: Int] = [:]
        for result in results {
            switch result {
            case .added(_, _, let tier):
                added += 1
                tiers[tier, default: 0] += 1
            case .newVersion: versions += 1
            case .unchanged: unchanged += 1
            }
        }
        for (result, count) in [("added", added), ("new_version", versions), ("unchanged", unchanged)] where count > 0 {
            Counter(label: "feedmerge_entries_ingested_total", dimensions: [("result", result)]).increment(by: count)
        }
        for (tier, count) in tiers {
            Counter(label: "feedmerge_cluster_decisions_total", dimensions: [("tier", tier)]).increment(by: count)
        }
        if let created = tiers["new-story"] {
            Counter(label: "feedmerge_stories_created_total").increment(by: created)
        }
    }
}
