namespace Kpipe.Pipeline.Metrics;

/// <summary>Equates UTF-8 text slices by their bytes, which for valid UTF-8 is what <see cref="StringComparer.Ordinal"/> does for the text.</summary>
internal sealed class Utf8TextComparer : IEqualityComparer<ReadOnlyMemory<byte>>
{
    /// <summary>The one instance; the comparer has no state.</summary>
    public static readonly Utf8TextComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

    /// <inheritdoc />
    public int GetHashCode(ReadOnlyMemory<byte> text) => HashOf(text.Span);

    /// <summary>A hash of the bytes, seeded per process as string hashes are, so crafted ids cannot pile into one bucket.</summary>
    public static int HashOf(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }
}
