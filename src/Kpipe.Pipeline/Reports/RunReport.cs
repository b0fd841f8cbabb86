namespace Kpipe.Pipeline.Reports;

/// <summary>Everything the HTML report draws for one output directory: one entry per topic that stream-metrics wrote.</summary>
public sealed record RunReport(IReadOnlyList<TopicReport> Topics);
