using Kpipe.Testing.BadData;

namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Slow")]
public sealed class BadDataCliTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private readonly TempDirectory _directory = new("kpipe-e2e-bad-data-");

    [Fact]
    public async Task Produce_skips_damaged_json_lines_says_where_the_first_was_and_exits_1_after_delivering_every_good_record()
    {
        var topic = KafkaTestCluster.UniqueName("bad-lines");
        var path = _directory.File("not-objects.json");
        await File.WriteAllBytesAsync(path, BadDataCorpus.NotObjects(20, 1).Bytes);

        var produce = await KpipeCli.RunAsync("produce", topic, path, "--bootstrap", broker.BootstrapServers);

        Assert.True(produce.ExitCode == 1, produce.ToString());
        Assert.Contains($"kpipe: {path}: skipped 5 damaged records, the first: expected a JSON object, found a number at line 11, column 1", produce.Stderr);
        Assert.Contains("20 sent, 20 delivered, 0 failed, 5 damaged records skipped", produce.Stderr);
        Assert.DoesNotContain("   at ", produce.Stderr);
    }

    [Fact]
    public async Task Produce_refuses_a_10_MB_record_naming_the_limit_to_raise_and_delivers_it_once_both_limits_are_raised()
    {
        var path = _directory.File("big-record.json");
        await File.WriteAllBytesAsync(path, BadDataCorpus.BigRecord(4, 1).Bytes);
        var defaults = KafkaTestCluster.UniqueName("big-default");
        var raised = KafkaTestCluster.UniqueName("big-raised");
        var create = await KpipeCli.RunAsync("topic", "create", raised, "--config", "max.message.bytes=16777216", "--bootstrap", broker.BootstrapServers);
        Assert.True(create.ExitCode == 0, create.ToString());

        var refused = await KpipeCli.RunAsync("produce", defaults, path, "--bootstrap", broker.BootstrapServers);
        var delivered = await KpipeCli.RunAsync("produce", raised, path, "--kafka-config", "message.max.bytes=16777216", "--bootstrap", broker.BootstrapServers);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("refused 1 record larger than the producer's message.max.bytes, the first at line 3 (10,485,760 bytes)", refused.Stderr);
        Assert.Contains("4 sent, 4 delivered, 0 failed, 1 too large", refused.Stderr);
        Assert.True(delivered.ExitCode == 0, delivered.ToString());
        Assert.Contains("5 sent, 5 delivered, 0 failed", delivered.Stderr);
    }

    public void Dispose() => _directory.Dispose();
}
