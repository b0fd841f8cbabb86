namespace Kpipe.Broker.Tests;

/// <summary>A decoded record from a stored batch: absolute offset and timestamp, key, value, headers.</summary>
public sealed record DecodedRecord(long Offset, long Timestamp, byte[]? Key, byte[]? Value, IReadOnlyList<KeyValuePair<string, byte[]?>> Headers);
