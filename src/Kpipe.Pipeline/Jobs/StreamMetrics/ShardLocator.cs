using System.Runtime.InteropServices;
using System.Text;
using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Jobs.StreamMetrics;

/// <summary>
/// Looks up the addresses of a scanned shard through the job's enricher: one lookup per distinct address, answered back
/// to every good record that has it.
/// </summary>
internal static class ShardLocator
{
    private const int AddressChars = 64;

    /// <summary>
    /// The details of each good record's address, in the shard's order; null when the enricher can find nothing or the
    /// shard has no address, so no record pays for an address set. Enrichers are thread-safe: shards look up side by
    /// side, and a shard given more than one core splits its addresses by hash into one set per core. An address in two
    /// shards is looked up by both (the enricher's cache may answer the second).
    /// </summary>
    public static async Task<IpInfo?[]?> LocateAsync(IIpEnricher enricher, BatchShard shard, int cores, CancellationToken cancellationToken)
    {
        if (!enricher.IsAvailable)
        {
            return null;
        }
        if (enricher is GeoIpEnricher { DatabaseOnly: { } database })
        {
            return LocateInDatabase(database, shard);
        }
        var sets = AddressSets(shard, cores);
        if (sets.All(set => set.Count == 0))
        {
            return null;
        }
        var found = sets.Length == 1
            ? [await enricher.EnrichAsync(sets[0], cancellationToken)]
            : await Task.WhenAll(sets.Select(set => set.Count == 0
                ? Task.FromResult<IReadOnlyDictionary<string, IpInfo>>(new Dictionary<string, IpInfo>())
                : Task.Run(() => enricher.EnrichAsync(set, cancellationToken), cancellationToken)));
        return Answer(shard, found);
    }

    private static HashSet<string>[] AddressSets(BatchShard shard, int cores)
    {
        var sets = new HashSet<string>[cores];
        for (var s = 0; s < sets.Length; s++)
        {
            sets[s] = new HashSet<string>(StringComparer.Ordinal);
        }
        Span<char> text = stackalloc char[AddressChars];
        foreach (var scanned in shard.Good)
        {
            if (scanned.User.Ip is { } ip)
            {
                var address = Decode(ip.Span, text);
                sets[ShareOf(address, sets.Length)].GetAlternateLookup<ReadOnlySpan<char>>().Add(address);
            }
        }
        return sets;
    }

    private static IpInfo?[] Answer(BatchShard shard, IReadOnlyDictionary<string, IpInfo>[] found)
    {
        var located = new IpInfo?[shard.Good.Count];
        Span<char> text = stackalloc char[AddressChars];
        for (var i = 0; i < located.Length; i++)
        {
            if (shard.Good[i].User.Ip is { } ip)
            {
                var address = Decode(ip.Span, text);
                located[i] = Find(found[ShareOf(address, found.Length)], address);
            }
        }
        return located;
    }

    // A database answers each record's address on the spot: a lookup in the flattened IPv4 table is a binary search,
    // cheaper than the set and dictionary a batch of distinct addresses would need, and IPv6 has the locator's cache.
    private static IpInfo?[]? LocateInDatabase(MmdbGeoLocator database, BatchShard shard)
    {
        var good = CollectionsMarshal.AsSpan(shard.Good);
        IpInfo?[]? located = null;
        for (var i = 0; i < good.Length; i++)
        {
            // The scanner let through only addresses that parse, and kept what it parsed.
            if (good[i].User.Ip is not null)
            {
                located ??= new IpInfo?[good.Length];
                located[i] = database.Lookup(good[i].User.Address);
            }
        }
        return located;
    }

    // With one set (a shard per core) there is nothing to choose, and no address needs hashing for it.
    private static int ShareOf(ReadOnlySpan<char> address, int sets) =>
        sets == 1 ? 0 : (int)((uint)string.GetHashCode(address) % (uint)sets);

    private static IpInfo? Find(IReadOnlyDictionary<string, IpInfo> found, ReadOnlySpan<char> address)
    {
        if (found is Dictionary<string, IpInfo> dictionary && dictionary.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
        {
            return lookup.TryGetValue(address, out var known) ? known : null;
        }
        return found.TryGetValue(address.ToString(), out var info) ? info : null;
    }

    // The scanner let through only addresses that parse, which are ASCII and short.
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, Span<char> text) =>
        utf8.Length <= text.Length ? text[..Encoding.UTF8.GetChars(utf8, text)] : Encoding.UTF8.GetString(utf8);
}
