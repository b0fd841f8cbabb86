using System.Diagnostics;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Integration")]
public sealed class IpInfoProviderTests
{
    private const string GoogleDns = """
        {"ip":"8.8.8.8","hostname":"dns.google","city":"Mountain View","region":"California","country":"US",
         "loc":"37.4056,-122.0775","org":"AS15169 Google LLC","postal":"94043","timezone":"America/Los_Angeles","anycast":true}
        """;

    // Tests that are not about the budget must not depend on how fast a loaded machine answers.
    private static readonly GeoOptions Generous = new() { TimeBudget = TimeSpan.FromSeconds(30), LookupTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Online_provider_returns_ipinfo_fields_and_sends_the_token()
    {
        await using var server = new FakeIpInfoServer((_, _) => Task.FromResult(FakeIpInfoServer.Json(GoogleDns)));
        using var enricher = Create(server, "s3cret");

        var result = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal(
            new IpInfo("dns.google", "Mountain View", "California", "US", "37.4056,-122.0775", "94043", "America/Los_Angeles"),
            result["8.8.8.8"]);
        Assert.Equal("/8.8.8.8?token=s3cret", Assert.Single(server.Requests).Target);
    }

    [Fact]
    public async Task Online_answers_are_cached_and_private_addresses_are_never_sent()
    {
        await using var server = new FakeIpInfoServer((_, _) => Task.FromResult(FakeIpInfoServer.Json(GoogleDns)));
        using var enricher = Create(server, token: null);

        await enricher.EnrichAsync(["8.8.8.8", "192.168.0.1"], CancellationToken.None);
        var second = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal("US", second["8.8.8.8"].Country);
        Assert.Equal("/8.8.8.8", Assert.Single(server.Requests).Target);
    }

    [Fact]
    public async Task Bogon_answer_is_null_with_a_reason()
    {
        await using var server = new FakeIpInfoServer((_, _) => Task.FromResult(FakeIpInfoServer.Json("""{"ip":"9.9.9.9","bogon":true}""")));
        using var enricher = Create(server, "t");

        var result = await enricher.EnrichAsync(["9.9.9.9"], CancellationToken.None);

        Assert.Equal(IpInfo.Unknown(GeoReasons.Bogon), result["9.9.9.9"]);
    }

    [Fact]
    public async Task Failed_online_lookup_is_reported_and_retried_in_a_later_batch()
    {
        await using var server = new FakeIpInfoServer((_, n) =>
            Task.FromResult(n == 1 ? new FakeResponse(500, "{}") : FakeIpInfoServer.Json(GoogleDns)));
        using var enricher = Create(server, "t");

        var first = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);
        var second = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal(IpInfo.Unknown(GeoReasons.LookupFailed), first["8.8.8.8"]);
        Assert.Equal("US", second["8.8.8.8"].Country);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Refused_token_is_logged_once_as_a_warning()
    {
        await using var server = new FakeIpInfoServer((_, _) => Task.FromResult(new FakeResponse(403, """{"error":"bad token"}""")));
        var logs = new CapturingLoggerFactory();
        using var enricher = IpEnricherFactory.Create(
            Generous with { Provider = GeoProvider.IpInfo, Token = "wrong", IpInfoBaseUrl = server.BaseUrl }, logs, resolver: null, TimeProvider.System);

        var first = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);
        await enricher.EnrichAsync(["8.8.4.4"], CancellationToken.None);

        Assert.Equal(IpInfo.Unknown(GeoReasons.LookupFailed), first["8.8.8.8"]);
        Assert.Equal(2, server.Requests.Count);
        var warning = Assert.Single(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("--geo-token", warning.Message);
    }

    [Fact]
    public async Task Slow_online_lookup_is_pending_after_the_budget_and_cached_for_the_next_batch()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeIpInfoServer(async (_, _) =>
        {
            await release.Task;
            return FakeIpInfoServer.Json(GoogleDns);
        });
        using var enricher = Create(server, "t", new GeoOptions { TimeBudget = TimeSpan.FromMilliseconds(200), LookupTimeout = TimeSpan.FromSeconds(30) });

        var first = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);
        release.SetResult();
        var second = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal(IpInfo.Unknown(GeoReasons.Pending), first["8.8.8.8"]);
        Assert.Equal("US", second["8.8.8.8"].Country);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Rate_limited_lookup_waits_for_retry_after_then_succeeds()
    {
        await using var server = new FakeIpInfoServer((_, n) => Task.FromResult(n == 1
            ? new FakeResponse(429, """{"error":"rate limit"}""", [("Retry-After", "1")])
            : FakeIpInfoServer.Json(GoogleDns)));
        using var enricher = Create(server, "t", new GeoOptions { TimeBudget = TimeSpan.FromSeconds(10), LookupTimeout = TimeSpan.FromSeconds(10) });

        var result = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal("US", result["8.8.8.8"].Country);
        var arrivals = server.Requests.Select(r => r.ArrivedAt).ToArray();
        Assert.Equal(2, arrivals.Length);
        Assert.True(Stopwatch.GetElapsedTime(arrivals[0], arrivals[1]) >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task Rate_limited_lookups_back_off_exponentially_without_retry_after()
    {
        await using var server = new FakeIpInfoServer((_, n) => Task.FromResult(n <= 3
            ? new FakeResponse(429, "{}")
            : FakeIpInfoServer.Json(GoogleDns)));
        using var http = new HttpClient();
        var client = new IpInfoClient(http, server.BaseUrl, "t", TimeProvider.System, NullLogger.Instance)
        {
            InitialBackoff = TimeSpan.FromMilliseconds(100),
        };
        Assert.True(IpAddressParser.TryParse("8.8.8.8", out var key));

        var info = await client.LookupAsync(key, CancellationToken.None);

        Assert.Equal("US", info.Country);
        var arrivals = server.Requests.Select(r => r.ArrivedAt).ToArray();
        Assert.Equal(4, arrivals.Length);
        var gaps = arrivals.Zip(arrivals.Skip(1), Stopwatch.GetElapsedTime).ToArray();
        Assert.True(gaps[0] >= TimeSpan.FromMilliseconds(95), $"first pause {gaps[0]}");
        Assert.True(gaps[1] >= TimeSpan.FromMilliseconds(195), $"second pause {gaps[1]}");
        Assert.True(gaps[2] >= TimeSpan.FromMilliseconds(395), $"third pause {gaps[2]}");
    }

    [Fact]
    public async Task Rate_limit_that_never_lifts_fails_after_the_last_attempt()
    {
        await using var server = new FakeIpInfoServer((_, _) => Task.FromResult(new FakeResponse(429, "{}", [("Retry-After", "0")])));
        using var http = new HttpClient();
        var client = new IpInfoClient(http, server.BaseUrl, "t", TimeProvider.System, NullLogger.Instance) { MaxAttempts = 3 };
        Assert.True(IpAddressParser.TryParse("8.8.8.8", out var key));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.LookupAsync(key, CancellationToken.None));

        Assert.Contains("429", error.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    private static IIpEnricher Create(FakeIpInfoServer server, string? token, GeoOptions? options = null) =>
        IpEnricherFactory.Create(
            (options ?? Generous) with { Provider = GeoProvider.IpInfo, Token = token, IpInfoBaseUrl = server.BaseUrl },
            NullLoggerFactory.Instance,
            resolver: null,
            TimeProvider.System);
}
