namespace Kpipe.Pipeline.Metrics;

/// <summary>Equates text slices by their characters, ordinally, as <see cref="StringComparer.Ordinal"/> equates strings.</summary>
internal sealed class OrdinalTextComparer : IEqualityComparer<ReadOnlyMemory<char>>
{
    /// <summary>The one instance; the comparer has no state.</summary>
    public static readonly OrdinalTextComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(ReadOnlyMemory<char> x, ReadOnlyMemory<char> y) => x.Span.SequenceEqual(y.Span);

    /// <inheritdoc />
    public int GetHashCode(ReadOnlyMemory<char> text) => string.GetHashCode(text.Span);
}
