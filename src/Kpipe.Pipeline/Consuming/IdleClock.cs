namespace Kpipe.Pipeline.Consuming;

/// <summary>
/// When a consumer counts as idle: the clock restarts at each record, at each assignment, and when the consumer goes
/// back to reading after waiting on its own work (a job's running batch). Before a group consumer's
/// first assignment it also allows for the join itself (a broker delays a new group's first rebalance by 3 s by
/// default), which is waiting for the group, not idleness.
/// </summary>
public sealed class IdleClock
{
    private static readonly TimeSpan JoinGrace = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time;
    private long _since;
    private bool _assigned;

    /// <summary>Starts the clock; <paramref name="assigned"/> is true for a consumer that assigns its partitions itself.</summary>
    public IdleClock(TimeProvider time, bool assigned)
    {
        _time = time;
        _since = time.GetTimestamp();
        _assigned = assigned;
    }

    /// <summary>The group assigned partitions (possibly none).</summary>
    public void Assigned()
    {
        _assigned = true;
        _since = _time.GetTimestamp();
    }

    /// <summary>A record arrived.</summary>
    public void Record() => _since = _time.GetTimestamp();

    /// <summary>The consumer reads again after a wait of its own making: records may have been waiting for it all along.</summary>
    public void Resumed() => _since = _time.GetTimestamp();

    /// <summary>True once nothing happened for <paramref name="limit"/> (plus the join grace before the first assignment).</summary>
    public bool IsIdle(TimeSpan limit) => _time.GetElapsedTime(_since) >= (_assigned ? limit : limit + JoinGrace);
}
