using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Integration")]
[Trait("Category", "External")]
public sealed class EnrichmentWiringTests : IClassFixture<KafkaClusterFixture>
{
    private readonly KafkaTestCluster _cluster;

    public EnrichmentWiringTests(KafkaClusterFixture fixture) => _cluster = fixture.Cluster;

    [Fact]
    public async Task Stream_metrics_fills_the_records_table_from_the_enricher_and_counts_a_record_without_country_under_its_geolocated_one()
    {
        var topic = await _cluster.CreateTopicAsync(1);
        string[] values =
        [
            """{"id":1,"gender":"Male","ip_address":"81.2.69.160","country":"France"}""",
            """{"id":2,"gender":"Female","ip_address":"81.2.69.160"}""",
            """{"id":3,"gender":"Female","ip_address":"2a02:8070::1"}""",
        ];
        await _cluster.ProduceAsync(topic, 1, values);
        using var harness = new JobHarness();
        var options = new JobOptions
        {
            Topic = topic,
            BootstrapServers = _cluster.BootstrapServers,
            Format = OutputFormat.Json,
            OutputDirectory = Path.Combine(harness.Root, "output"),
            GroupId = "geo-" + topic,
            InstanceId = "i0",
            UntilIdle = TimeSpan.FromSeconds(2),
        };
        using var enricher = new KnownAddresses(new Dictionary<string, IpInfo>
        {
            ["81.2.69.160"] = new(null, "London", "England", "GB", "51.5142,-0.0931", "EC2V", "Europe/London"),
            ["2a02:8070::1"] = new("host.example", "Berlin", "Land Berlin", "DE", "52.5200,13.4050", null, "Europe/Berlin"),
        });

        var result = await harness.Runtime("stream-metrics", options, enricher).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, result.Records);
        var root = options.JobOutputDirectory("stream-metrics");
        var records = (await JobHarness.ReadTableAsync(Path.Combine(root, "records"), "json")).OrderBy(r => TableFileReader.Count(r, "offset")).ToArray();
        Assert.Equal(["London", "London", "Berlin"], records.Select(r => TableFileReader.Text(r, "city")));
        Assert.Equal(["GB", "GB", "DE"], records.Select(r => TableFileReader.Text(r, "country_geo")));
        Assert.Equal("51.5142,-0.0931", TableFileReader.Text(records[0], "loc"));
        Assert.Equal("EC2V", TableFileReader.Text(records[0], "postal"));
        Assert.Equal("Europe/Berlin", TableFileReader.Text(records[2], "timezone"));
        Assert.Equal("host.example", TableFileReader.Text(records[2], "hostname"));
        Assert.Null(TableFileReader.Text(records[2], "postal"));
        Assert.Equal("France", TableFileReader.Text(records[0], "country"));

        var countries = (await JobHarness.ReadTableAsync(Path.Combine(root, "country_counts"), "json"))
            .GroupBy(r => TableFileReader.Text(r, "country"))
            .ToDictionary(g => g.Key!, g => g.Sum(r => TableFileReader.Count(r, "count")));
        Assert.Equal(new Dictionary<string, long> { ["France"] = 1, ["GB"] = 1, ["DE"] = 1 }, countries);
    }

    /// <summary>An enricher that knows a fixed set of addresses, so the job's use of it can be checked exactly.</summary>
    private sealed class KnownAddresses(IReadOnlyDictionary<string, IpInfo> known) : IIpEnricher
    {
        public bool IsAvailable => true;

        public Task<IReadOnlyDictionary<string, IpInfo>> EnrichAsync(IReadOnlyCollection<string> addresses, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IpInfo>>(addresses.ToDictionary(a => a, a => known.TryGetValue(a, out var info) ? info : IpInfo.Unknown("unknown in this test")));

        public void Dispose()
        {
        }
    }
}
