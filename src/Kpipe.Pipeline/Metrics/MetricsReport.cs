namespace Kpipe.Pipeline.Metrics;

/// <summary>The merged metrics of one output directory: per topic and window, and over the whole run.</summary>
public sealed record MetricsReport(IReadOnlyList<TopicMetrics> Topics);
