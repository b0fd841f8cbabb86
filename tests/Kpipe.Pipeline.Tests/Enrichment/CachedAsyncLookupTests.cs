using Kpipe.Pipeline.Enrichment;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class CachedAsyncLookupTests
{
    [Fact]
    public async Task Lookups_beyond_the_queue_bound_get_the_busy_value_and_are_asked_again_later()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        using var lookup = new CachedAsyncLookup<string?>(
            async (key, token) =>
            {
                Interlocked.Increment(ref started);
                await gate.Task.WaitAsync(token);
                return "name-" + key.V4;
            },
            failureValue: "failed",
            busyValue: "busy",
            cacheFailures: true,
            new GeoOptions { Concurrency = 1, LookupTimeout = TimeSpan.FromSeconds(30) },
            NullLogger.Instance);
        var bound = CachedAsyncLookup<string?>.MaxQueuedPerSlot;

        var tasks = Enumerable.Range(1, bound + 10).Select(i => lookup.GetAsync(IpAddressKey.FromV4((uint)i))).ToArray();

        Assert.Equal(bound, lookup.InFlight);
        Assert.All(tasks[bound..], t => Assert.Equal("busy", t.Result));
        gate.SetResult();
        var answers = await Task.WhenAll(tasks[..bound]);
        Assert.Equal(Enumerable.Range(1, bound).Select(i => "name-" + i), answers);
        Assert.Equal("name-" + (bound + 1), await lookup.GetAsync(IpAddressKey.FromV4((uint)bound + 1)));
        Assert.Equal(bound + 1, started);
    }

    [Fact]
    public async Task Lookup_that_ignores_its_timeout_keeps_its_slot_until_it_really_ends()
    {
        var stuck = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new List<uint>();
        using var lookup = new CachedAsyncLookup<string?>(
            (key, _) =>
            {
                lock (started)
                {
                    started.Add(key.V4);
                }
                return key.V4 == 1 ? stuck.Task : Task.FromResult<string?>("second");
            },
            failureValue: null,
            busyValue: null,
            cacheFailures: true,
            new GeoOptions { Concurrency = 1, LookupTimeout = TimeSpan.FromMilliseconds(100) },
            NullLogger.Instance);

        Assert.Null(await lookup.GetAsync(IpAddressKey.FromV4(1)));
        var second = lookup.GetAsync(IpAddressKey.FromV4(2));

        Assert.False(second.IsCompleted);
        Assert.Equal([1u], started);
        stuck.SetResult("too late");
        Assert.Equal("second", await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await lookup.GetAsync(IpAddressKey.FromV4(1)));
    }
}
