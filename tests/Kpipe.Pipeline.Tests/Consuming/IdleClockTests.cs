using Kpipe.Pipeline.Consuming;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Pipeline.Tests.Consuming;

[Trait("Category", "Unit")]
public sealed class IdleClockTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    [Fact]
    public void An_assigned_consumer_is_idle_once_nothing_arrived_for_the_limit()
    {
        var time = new FakeTimeProvider();
        var clock = new IdleClock(time, assigned: true);
        time.Advance(TimeSpan.FromSeconds(1.5));
        clock.Record();
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(clock.IsIdle(Limit));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(clock.IsIdle(Limit));
    }

    [Fact]
    public void A_group_consumer_waiting_for_its_first_assignment_is_given_the_join_and_the_clock_restarts_at_assignment()
    {
        var time = new FakeTimeProvider();
        var clock = new IdleClock(time, assigned: false);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(clock.IsIdle(Limit));
        clock.Assigned();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(clock.IsIdle(Limit));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(clock.IsIdle(Limit));
    }
}
