using System.Collections.Concurrent;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Hands out one shared <see cref="IpInfo"/> per distinct content, so the many addresses of one place share an object:
/// a freshly decoded answer and its strings then die young instead of living, one copy per address, as long as the
/// batch and the cache that hold them (which made the collector copy them up the generations). Thread-safe; holds at
/// most a bounded number of answers and starts over when full.
/// </summary>
internal sealed class IpInfoInterner(int capacity)
{
    private readonly ConcurrentDictionary<IpInfo, IpInfo> _known = new();

    // Counted here: the dictionary's own Count takes every one of its locks.
    private int _count;

    /// <summary>The shared answer equal to <paramref name="info"/>; <paramref name="info"/> itself when it is the first.</summary>
    public IpInfo Intern(IpInfo info)
    {
        if (_known.TryGetValue(info, out var known))
        {
            return known;
        }
        if (Volatile.Read(ref _count) >= capacity)
        {
            _known.Clear();
            Volatile.Write(ref _count, 0);
        }
        if (_known.TryAdd(info, info))
        {
            Interlocked.Increment(ref _count);
            return info;
        }
        return _known.TryGetValue(info, out known) ? known : info;
    }
}
