namespace Kpipe.Pipeline.Metrics;

/// <summary>One topic's merged metrics: each window (in time order) and the total, whose unique users are distinct over all windows.</summary>
public sealed record TopicMetrics(string Topic, IReadOnlyList<WindowMetrics> Windows, WindowMetrics Total);
