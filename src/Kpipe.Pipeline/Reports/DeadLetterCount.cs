namespace Kpipe.Pipeline.Reports;

/// <summary>How many of a window's dead letters share one reason (the reason's text up to its first colon, e.g. "not JSON").</summary>
public sealed record DeadLetterCount(DateTimeOffset WindowStart, string Reason, long Count);
