using System.Collections.Concurrent;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// One shared <see cref="IpInfo"/> per place: the many addresses of a city get the same object, built (its coordinates
/// formatted) once. A freshly decoded record then dies young instead of living, one copy per address, as long as the
/// batch and the cache that hold its answer (which made the collector copy them up the generations). A place whose record
/// has no time zone gets it from its coordinates here, so the boundaries are searched once per place. Thread-safe; holds
/// at most a bounded number of places and starts over when full.
/// </summary>
internal sealed class PlaceAnswers(int capacity, TimeZoneLocator? timeZones = null)
{
    private readonly ConcurrentDictionary<PlaceFields, IpInfo?> _known = new();

    // Counted here: the dictionary's own Count takes every one of its locks.
    private int _count;

    /// <summary>The answer for <paramref name="place"/>; null when the place holds none of the fields.</summary>
    public IpInfo? AnswerFor(in PlaceFields place)
    {
        if (_known.TryGetValue(place, out var known))
        {
            return known;
        }
        if (Volatile.Read(ref _count) >= capacity)
        {
            _known.Clear();
            Volatile.Write(ref _count, 0);
        }
        var info = place.ToInfo(timeZones);
        if (_known.TryAdd(place, info))
        {
            Interlocked.Increment(ref _count);
            return info;
        }
        return _known.TryGetValue(place, out known) ? known : info;
    }
}
