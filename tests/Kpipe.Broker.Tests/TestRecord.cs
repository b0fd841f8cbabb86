using System.Text;

namespace Kpipe.Broker.Tests;

/// <summary>A record for <see cref="TestBatches"/>: key and value (null allowed), a timestamp and headers.</summary>
public sealed record TestRecord(byte[]? Key, byte[]? Value, long Timestamp, IReadOnlyList<KeyValuePair<string, byte[]?>>? Headers = null)
{
    /// <summary>A record with UTF-8 key and value.</summary>
    public static TestRecord Of(string? key, string? value, long timestamp = 1_700_000_000_000) =>
        new(key is null ? null : Encoding.UTF8.GetBytes(key), value is null ? null : Encoding.UTF8.GetBytes(value), timestamp);
}
