namespace Kpipe.Pipeline.Reports;

/// <summary>One named, coloured series of a window chart: a value per window, in the windows' order.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<long> Values);
