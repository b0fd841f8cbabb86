using System.IO.Hashing;

namespace Kpipe.Pipeline.Sinks;

/// <summary>Equates UTF-8 text slices by their bytes, which for valid UTF-8 is what <see cref="StringComparer.Ordinal"/> does for the text.</summary>
internal sealed class Utf8TextComparer : IEqualityComparer<ReadOnlyMemory<byte>>
{
    /// <summary>The one instance; the comparer has no state.</summary>
    public static readonly Utf8TextComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

    /// <inheritdoc />
    public int GetHashCode(ReadOnlyMemory<byte> text) => HashOf(text.Span);

    // Seeded per process as string hashes are, so ids crafted for one run do not pile into one bucket in another.
    private static readonly long Seed = Random.Shared.NextInt64();

    /// <summary>A hash of the bytes (XXH3, which reads short ids in a few instructions).</summary>
    public static int HashOf(ReadOnlySpan<byte> utf8)
    {
        var hash = XxHash3.HashToUInt64(utf8, Seed);
        return (int)(hash ^ (hash >> 32));
    }
}
