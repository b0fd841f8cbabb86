using System.Globalization;

namespace Kpipe.Reliability.Load;

/// <summary>Produce latencies in microseconds, sorted, with their percentiles (nearest rank).</summary>
public sealed class LatencyDistribution
{
    private readonly long[] _sorted;

    /// <summary>Sorts <paramref name="microseconds"/> into a distribution.</summary>
    public LatencyDistribution(IEnumerable<long> microseconds)
    {
        _sorted = [.. microseconds];
        Array.Sort(_sorted);
    }

    /// <summary>How many latencies were recorded.</summary>
    public int Count => _sorted.Length;

    /// <summary>The latency at percentile <paramref name="p"/> (0–100) in microseconds; 0 when there are none.</summary>
    public long Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return 0;
        }
        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    /// <summary>The largest latency in microseconds.</summary>
    public long Max => _sorted.Length == 0 ? 0 : _sorted[^1];

    /// <summary>"p50 1.21 ms, p99 3.40 ms, max 12.0 ms".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Milliseconds(Percentile(50))} ms, p99 {Milliseconds(Percentile(99))} ms, max {Milliseconds(Max)} ms");

    /// <summary>Microseconds as milliseconds with two decimals.</summary>
    public static string Milliseconds(long microseconds) => (microseconds / 1000.0).ToString("F2", CultureInfo.InvariantCulture);
}
