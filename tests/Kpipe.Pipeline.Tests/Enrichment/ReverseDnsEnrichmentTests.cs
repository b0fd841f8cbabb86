using System.Diagnostics;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class ReverseDnsEnrichmentTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly GeoOptions _options;

    public ReverseDnsEnrichmentTests()
    {
        var (v4, v6) = GeoFixtures.WriteDbIpPair(_dir);
        _options = new GeoOptions { DatabasePaths = [v4, v6], ReverseDns = true };
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reverse_dns_fills_hostname_and_remembers_names_and_absences()
    {
        var resolver = new ScriptedResolver((address, _) =>
            Task.FromResult(address.ToString() == "8.8.8.8" ? "dns.google" : null));
        using var enricher = Create(_options, resolver);

        var first = await enricher.EnrichAsync(["8.8.8.8", "81.2.69.142"], CancellationToken.None);
        var second = await enricher.EnrichAsync(["8.8.8.8", "81.2.69.142"], CancellationToken.None);

        Assert.Equal(new IpInfo("dns.google", "Mountain View", "California", "US", "37.422,-122.085", null, null), first["8.8.8.8"]);
        Assert.Null(first["81.2.69.142"].Hostname);
        Assert.Equal("GB", first["81.2.69.142"].Country);
        Assert.Equal(first, second);
        Assert.Equal(1, resolver.CallsFor("8.8.8.8"));
        Assert.Equal(1, resolver.CallsFor("81.2.69.142"));
    }

    [Fact]
    public async Task Slow_reverse_dns_does_not_hold_the_batch_past_its_budget_and_fills_the_cache_later()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolver = new ScriptedResolver(async (_, token) =>
        {
            await release.Task.WaitAsync(token);
            answering.SetResult();
            return "dns.google";
        });
        var budget = TimeSpan.FromMilliseconds(200);
        using var enricher = Create(_options with { TimeBudget = budget, LookupTimeout = TimeSpan.FromSeconds(60) }, resolver);

        var clock = Stopwatch.StartNew();
        var first = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);
        clock.Stop();

        // Without the budget the call would wait for the resolver, which only answers when released below.
        Assert.InRange(clock.Elapsed, budget * 0.9, budget + TimeSpan.FromSeconds(10));
        Assert.Equal(new IpInfo(null, "Mountain View", "California", "US", "37.422,-122.085", null, null), first["8.8.8.8"]);

        release.SetResult();
        // The resolver answers on the thread pool: on a busy machine that can take longer than the next batch's budget.
        await answering.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var later = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);
        var again = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal("dns.google", later["8.8.8.8"].Hostname);
        Assert.Equal("dns.google", again["8.8.8.8"].Hostname);
        Assert.Equal(1, resolver.CallsFor("8.8.8.8"));
    }

    [Fact]
    public async Task Lookup_that_outlives_its_timeout_gives_no_hostname_and_is_not_retried_every_batch()
    {
        var never = new TaskCompletionSource<string?>();
        // This resolver ignores cancellation, as the operating system's may; the timeout must hold anyway.
        var resolver = new ScriptedResolver((_, _) => never.Task);
        var timeout = TimeSpan.FromMilliseconds(150);
        using var enricher = Create(_options with { LookupTimeout = timeout, TimeBudget = TimeSpan.FromSeconds(60) }, resolver);

        var clock = Stopwatch.StartNew();
        var first = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);
        clock.Stop();
        var second = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.InRange(clock.Elapsed, timeout * 0.9, TimeSpan.FromSeconds(20));
        Assert.Null(first["8.8.8.8"].Hostname);
        Assert.Equal("US", first["8.8.8.8"].Country);
        Assert.Null(second["8.8.8.8"].Hostname);
        Assert.Equal(1, resolver.TotalCalls);
    }

    [Fact]
    public async Task Reverse_dns_runs_at_most_the_configured_number_of_lookups_at_once()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolver = new ScriptedResolver(async (address, token) =>
        {
            await release.Task.WaitAsync(token);
            return "host-" + address;
        });
        using var enricher = Create(_options with { Concurrency = 2, TimeBudget = TimeSpan.FromSeconds(30) }, resolver);
        var addresses = Enumerable.Range(1, 10).Select(i => $"8.8.8.{i}").ToArray();

        // Lookups start synchronously while EnrichAsync walks the batch, so by now every one that could start has.
        var enriching = enricher.EnrichAsync(addresses, CancellationToken.None);
        Assert.Equal(2, resolver.TotalCalls);
        release.SetResult();
        var result = await enriching;

        Assert.All(addresses, a => Assert.Equal("host-" + a, result[a].Hostname));
        Assert.Equal(10, resolver.TotalCalls);
        Assert.Equal(2, resolver.Peak);
    }

    [Fact]
    public async Task Addresses_without_a_location_never_reach_the_resolver()
    {
        var resolver = new ScriptedResolver((_, _) => Task.FromResult<string?>("should-not-happen"));
        using var enricher = Create(_options, resolver);

        var result = await enricher.EnrichAsync(["10.0.0.1", "::1", "garbage", "fe80::1"], CancellationToken.None);

        Assert.Equal(IpInfo.Unknown(GeoReasons.Private), result["10.0.0.1"]);
        Assert.Equal(IpInfo.Unknown(GeoReasons.Loopback), result["::1"]);
        Assert.Equal(IpInfo.Unknown(GeoReasons.NotAnIpAddress), result["garbage"]);
        Assert.Equal(IpInfo.Unknown(GeoReasons.LinkLocal), result["fe80::1"]);
        Assert.Equal(0, resolver.TotalCalls);
    }

    private static IIpEnricher Create(GeoOptions options, IReverseDnsResolver resolver) =>
        IpEnricherFactory.Create(options, NullLoggerFactory.Instance, resolver, TimeProvider.System);
}
