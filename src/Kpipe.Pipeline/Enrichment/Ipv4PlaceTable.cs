namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// The IPv4 space of a set of <c>.mmdb</c> files flattened at start-up into ascending range starts, each range with a
/// slot: ranges that point to the same records (one per file) share a slot. A lookup is a binary search over the
/// starts of one block of 2^16 addresses (a first-level index of 256 KiB says where each block's ranges lie, so the
/// search covers a few neighbouring entries instead of the whole array); a slot's answer is found once, at its first
/// lookup, by the trees (so it is the trees' answer, precedence between files included) and kept, so that later lookups
/// neither walk a tree nor decode a record. Thread-safe: two threads that find one slot's answer at once find equal
/// answers.
/// </summary>
internal sealed class Ipv4PlaceTable
{
    private const int BlockBits = 16;
    private const int Blocks = 1 << (32 - BlockBits);
    private readonly uint[] _starts;

    // _blocks[b] is the index of the range holding block b's first address; _blocks[Blocks] is the last range's.
    private readonly int[] _blocks;
    private readonly int[] _slots;
    private readonly uint[] _slotAddresses;
    private readonly IpInfo?[] _answers;
    private readonly Func<uint, IpInfo> _resolve;

    private Ipv4PlaceTable(Ipv4Ranges ranges, Func<uint, IpInfo> resolve)
    {
        _starts = ranges.Starts;
        _blocks = BlockIndex(ranges.Starts);
        _slots = ranges.Slots;
        _slotAddresses = ranges.SlotAddresses;
        _answers = new IpInfo?[ranges.SlotAddresses.Length];
        _resolve = resolve;
    }

    /// <summary>How many ranges the table holds.</summary>
    public int Ranges => _starts.Length;

    /// <summary>How many slots (distinct combinations of records) the ranges share.</summary>
    public int Slots => _slotAddresses.Length;

    /// <summary>The range starts, for tests that probe every boundary.</summary>
    internal ReadOnlySpan<uint> Starts => _starts;

    /// <summary>Where the ranges came from: built from the trees or read from the cache, and whether they were kept.</summary>
    public string Origin { get; private init; } = "";

    /// <summary>
    /// Flattens the IPv4 space of <paramref name="files"/>, or reads it from <see cref="Ipv4TableCache"/> when
    /// <paramref name="useCache"/> and the cache matches the files (else builds it and keeps it there);
    /// <paramref name="resolve"/> answers for one address of a slot (by walking the trees) the first time the slot is
    /// looked up.
    /// </summary>
    public static Ipv4PlaceTable Build(IReadOnlyList<MmdbFile> files, Func<uint, IpInfo> resolve, bool useCache = false)
    {
        if (!useCache || files.Count == 0)
        {
            return new Ipv4PlaceTable(Flatten(files), resolve) { Origin = "built" };
        }
        var path = Ipv4TableCache.PathFor(files);
        var key = Ipv4TableCache.KeyOf(files);
        if (Ipv4TableCache.TryRead(path, key) is { } cached)
        {
            return new Ipv4PlaceTable(cached, resolve) { Origin = $"read from {path}" };
        }
        var ranges = Flatten(files);
        var origin = Ipv4TableCache.TryWrite(path, key, ranges) is { } failure ? $"built (not kept: {failure})" : $"built, kept in {path}";
        return new Ipv4PlaceTable(ranges, resolve) { Origin = origin };
    }

    private static Ipv4Ranges Flatten(IReadOnlyList<MmdbFile> files)
    {
        (uint[] Starts, int[] Slots, List<uint> Addresses)? merged = null;
        foreach (var file in files)
        {
            var (starts, pointers) = file.Ipv4Leaves();
            // A file without IPv4 records (the IPv6 file of a DB-IP pair) cannot split a range.
            if (merged is not null && pointers is [MmdbIpv4Tree.NoRecord])
            {
                continue;
            }
            merged = merged is { } previous ? Merge(previous, starts, pointers) : First(starts, pointers);
        }
        var (rangeStarts, slots, addresses) = merged ?? ([0u], [0], [0u]);
        return new Ipv4Ranges(rangeStarts, slots, [.. addresses]);
    }

    /// <summary>The answer for <paramref name="address"/>, as the trees would give it.</summary>
    public IpInfo Lookup(uint address)
    {
        var starts = _starts;
        var block = (int)(address >> BlockBits);
        // The last start at or below the address: at or after the one holding the block's first address, and at or
        // before the one holding the next block's first address.
        int low = _blocks[block], high = _blocks[block + 1];
        while (low < high)
        {
            var middle = (int)((uint)(low + high + 1) >> 1);
            if (starts[middle] <= address)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        var slot = _slots[low];
        return _answers[slot] ??= _resolve(_slotAddresses[slot]);
    }

    private static int[] BlockIndex(uint[] starts)
    {
        var blocks = new int[Blocks + 1];
        var range = 0;
        for (var block = 0; block < Blocks; block++)
        {
            var first = (uint)block << BlockBits;
            while (range + 1 < starts.Length && starts[range + 1] <= first)
            {
                range++;
            }
            blocks[block] = range;
        }
        blocks[Blocks] = starts.Length - 1;
        return blocks;
    }

    private static (uint[] Starts, int[] Slots, List<uint> Addresses) First(uint[] starts, uint[] pointers)
    {
        var slotOf = new Dictionary<uint, int>();
        var addresses = new List<uint>();
        var slots = new int[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            slots[i] = SlotFor(slotOf, pointers[i], starts[i], addresses);
        }
        return (starts, slots, addresses);
    }

    // The ranges of both: every start of either, each range's slot standing for its pair (earlier slot, new pointer).
    private static (uint[] Starts, int[] Slots, List<uint> Addresses) Merge(
        (uint[] Starts, int[] Slots, List<uint> Addresses) earlier, uint[] starts, uint[] pointers)
    {
        var slotOf = new Dictionary<ulong, int>();
        var addresses = new List<uint>();
        var mergedStarts = new List<uint>(earlier.Starts.Length + starts.Length);
        var mergedSlots = new List<int>(earlier.Starts.Length + starts.Length);
        int a = 0, b = 0;
        while (a < earlier.Starts.Length || b < starts.Length)
        {
            // Both lists start at 0, so a range's owner in each list is the last entry at or before the boundary.
            var boundary = Math.Min(
                a < earlier.Starts.Length ? earlier.Starts[a] : uint.MaxValue,
                b < starts.Length ? starts[b] : uint.MaxValue);
            if (a < earlier.Starts.Length && earlier.Starts[a] == boundary)
            {
                a++;
            }
            if (b < starts.Length && starts[b] == boundary)
            {
                b++;
            }
            var key = (ulong)(uint)earlier.Slots[a - 1] << 32 | pointers[b - 1];
            var slot = SlotFor(slotOf, key, boundary, addresses);
            if (mergedSlots.Count > 0 && mergedSlots[^1] == slot)
            {
                continue;
            }
            mergedStarts.Add(boundary);
            mergedSlots.Add(slot);
        }
        return ([.. mergedStarts], [.. mergedSlots], addresses);
    }

    private static int SlotFor<TKey>(Dictionary<TKey, int> slotOf, TKey key, uint address, List<uint> addresses)
        where TKey : notnull
    {
        if (!slotOf.TryGetValue(key, out var slot))
        {
            slot = addresses.Count;
            slotOf.Add(key, slot);
            addresses.Add(address);
        }
        return slot;
    }
}
