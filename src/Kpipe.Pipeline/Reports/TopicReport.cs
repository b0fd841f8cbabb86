using Kpipe.Pipeline.Metrics;

namespace Kpipe.Pipeline.Reports;

/// <summary>
/// One topic's report: the merged metrics <c>kpipe report</c> prints, the places its records were located at, and its
/// dead letters per window and reason.
/// </summary>
public sealed record TopicReport(TopicMetrics Metrics, IReadOnlyList<MapPoint> Points, IReadOnlyList<DeadLetterCount> DeadLetters);
