using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// A shard's places in UTF-8, kept from batch to batch: an enricher answers every address of a place with the same
/// <see cref="IpInfo"/>, so each is encoded once, into a pinned arena, rather than once per record and column.
/// </summary>
internal sealed class PlaceTexts
{
    // Enrichers that answer with a new IpInfo per lookup would grow the cache without end: it starts over past this.
    private const int MostPlaces = 1 << 16;

    private readonly Dictionary<IpInfo, PlaceText> _known = new(ReferenceEqualityComparer.Instance);
    private readonly Utf8Arena _text = new();
    private PlaceText?[] _resolved = [];

    /// <summary>
    /// The UTF-8 places of <paramref name="located"/>, index for index (the array may be longer); null when it is null.
    /// Good until the next call, which may reuse the memory.
    /// </summary>
    public PlaceText?[]? Resolve(IpInfo?[]? located)
    {
        if (located is null)
        {
            return null;
        }
        if (_known.Count > MostPlaces)
        {
            _known.Clear();
            _text.Reset();
        }
        if (_resolved.Length < located.Length)
        {
            _resolved = new PlaceText?[located.Length];
        }
        for (var i = 0; i < located.Length; i++)
        {
            _resolved[i] = located[i] is { } info ? TextOf(info) : null;
        }
        return _resolved;
    }

    private PlaceText TextOf(IpInfo info)
    {
        if (!_known.TryGetValue(info, out var text))
        {
            text = new PlaceText(Copy(info.Hostname), Copy(info.City), Copy(info.Region), Copy(info.Country), Copy(info.Loc), Copy(info.Postal), Copy(info.Timezone));
            _known.Add(info, text);
        }
        return text;
    }

    // The null arm is typed: a bare null would become an empty slice through ReadOnlyMemory's conversion from arrays.
    private ReadOnlyMemory<byte>? Copy(string? value) => value is null ? (ReadOnlyMemory<byte>?)null : _text.Copy(value);
}
