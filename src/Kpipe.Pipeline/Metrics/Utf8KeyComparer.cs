using System.Text;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Metrics;

/// <summary>
/// Equates strings ordinally and lets a dictionary keyed by strings be looked up by their UTF-8 bytes, with no string
/// made for a key it already has: both are hashed as UTF-8.
/// </summary>
internal sealed class Utf8KeyComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
{
    private const int StackBytes = 256;

    /// <summary>The one instance; the comparer has no state.</summary>
    public static readonly Utf8KeyComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    /// <inheritdoc />
    public int GetHashCode(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var utf8 = length <= StackBytes ? stackalloc byte[StackBytes] : new byte[length];
        return Utf8TextComparer.HashOf(utf8[..Encoding.UTF8.GetBytes(text, utf8)]);
    }

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<byte> alternate, string other)
    {
        // Most keys are ASCII: compared as they are, and an ASCII key can only equal an ASCII string.
        if (Ascii.Equals(alternate, other))
        {
            return true;
        }
        if (Ascii.IsValid(alternate))
        {
            return false;
        }
        var length = Encoding.UTF8.GetMaxByteCount(other.Length);
        var utf8 = length <= StackBytes ? stackalloc byte[StackBytes] : new byte[length];
        return alternate.SequenceEqual(utf8[..Encoding.UTF8.GetBytes(other, utf8)]);
    }

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<byte> alternate) => Utf8TextComparer.HashOf(alternate);

    /// <inheritdoc />
    public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);
}
