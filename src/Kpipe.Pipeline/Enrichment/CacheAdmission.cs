namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Decides which misses go into a cache. While the cache answers fewer than 1 lookup in 16 (measured over rounds of
/// 4,096 lookups), only every 16th miss is let in: a stream of addresses that never come back then stops churning the
/// cache (each insert evicting an entry nobody asks for again, at the cost of the lookup it was meant to save), while
/// a working set that does come back still fills it and, once it answers, is let in whole. Thread-safe.
/// </summary>
internal sealed class CacheAdmission
{
    private const int Round = 4096;
    private const int SampleEvery = 16;
    private int _lookups;
    private int _hits;
    private int _misses;
    private volatile bool _sampling;

    /// <summary>Counts a lookup the cache answered.</summary>
    public void Hit()
    {
        Interlocked.Increment(ref _hits);
        Counted();
    }

    /// <summary>Counts a lookup the cache missed; true when the answer should go into the cache.</summary>
    public bool Miss()
    {
        var admit = !_sampling || Interlocked.Increment(ref _misses) % SampleEvery == 0;
        Counted();
        return admit;
    }

    private void Counted()
    {
        if (Interlocked.Increment(ref _lookups) % Round == 0)
        {
            _sampling = Interlocked.Exchange(ref _hits, 0) * SampleEvery < Round;
        }
    }
}
