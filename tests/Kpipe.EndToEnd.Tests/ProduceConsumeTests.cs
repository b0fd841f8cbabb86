using System.Text;
using System.Text.Json;

namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Slow")]
[Trait("Category", "External")]
public sealed class ProduceConsumeTests(KafkaClusterFixture broker) : IClassFixture<KafkaClusterFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kpipe-e2e-files-").FullName;

    [Fact]
    public async Task The_sample_file_round_trips_byte_exact_with_ids_as_keys()
    {
        var topic = KafkaTestCluster.UniqueName("users");
        var sample = Path.Combine(RepositoryRoot.Path, "data_to_load", "mock_data.json");
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "3", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);

        var produce = await KpipeCli.RunAsync("produce", topic, sample, "--bootstrap", broker.BootstrapServers);
        Assert.True(produce.ExitCode == 0, produce.ToString());
        Assert.Contains("1000 sent, 1000 delivered, 0 failed", produce.Stderr);

        var consume = await KpipeCli.RunAsync("consume", topic, "--from-beginning", "--max-messages", "1000", "--idle-timeout", "10s", "--bootstrap", broker.BootstrapServers);
        Assert.True(consume.ExitCode == 0, consume.ToString());
        var consumed = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(1000, consumed.Count);
        Assert.Equal(3, consumed.Select(r => r.GetProperty("partition").GetInt32()).Distinct().Count());
        Assert.All(consumed, r => Assert.Equal(r.GetProperty("value").GetProperty("id").GetRawText(), r.GetProperty("key").GetString()));

        var expected = File.ReadAllLines(sample).Select(l => l.TrimEnd(',')).Where(l => l.StartsWith('{')).ToHashSet();
        Assert.Equal(expected, consumed.Select(r => r.GetProperty("value").GetRawText()).ToHashSet());
    }

    [Fact]
    public async Task Consume_reads_one_partition_from_an_offset()
    {
        var topic = KafkaTestCluster.UniqueName("lines");
        var file = Path.Combine(_directory, "lines.json");
        await File.WriteAllTextAsync(file, string.Join("\n", Enumerable.Range(1, 20).Select(i => $"{{\"id\":{i},\"n\":{i}}}")));
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "1", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);
        Assert.Equal(0, (await KpipeCli.RunAsync("produce", topic, file, "--bootstrap", broker.BootstrapServers)).ExitCode);

        var consume = await KpipeCli.RunAsync("consume", topic, "--partition", "0", "--offset", "15", "--idle-timeout", "2s", "--bootstrap", broker.BootstrapServers);

        Assert.True(consume.ExitCode == 0, consume.ToString());
        var offsets = consume.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("offset").GetInt64());
        Assert.Equal([15L, 16, 17, 18, 19], offsets);
    }

    [Fact]
    public async Task Consume_with_a_group_commits_so_the_next_run_continues_where_it_stopped()
    {
        var topic = await TopicOfTenIdsAsync("grouped");
        var group = KafkaTestCluster.UniqueName("readers");

        var first = await KpipeCli.RunAsync("consume", topic, "--group", group, "--max-messages", "4", "--bootstrap", broker.BootstrapServers);
        var second = await KpipeCli.RunAsync("consume", topic, "--group", group, "--max-messages", "6", "--bootstrap", broker.BootstrapServers);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(Enumerable.Range(0, 4).Select(i => (long)i), Offsets(first.Stdout));
        Assert.Equal(Enumerable.Range(4, 6).Select(i => (long)i), Offsets(second.Stdout));
    }

    [Fact]
    public async Task Consume_with_a_group_stopping_after_auto_commit_caught_up_exits_cleanly_and_leaves_the_group()
    {
        var topic = await TopicOfTenIdsAsync("caught-up");
        var group = KafkaTestCluster.UniqueName("idle-readers");

        // Auto-commit every 100 ms commits all ten offsets long before the 2 s idle timeout ends the read.
        var consume = await KpipeCli.RunAsync("consume", topic, "--group", group, "--idle-timeout", "2s", "--kafka-config", "auto.commit.interval.ms=100", "--bootstrap", broker.BootstrapServers);

        Assert.True(consume.ExitCode == 0, consume.ToString());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), Offsets(consume.Stdout));
        var describe = await KpipeCli.RunAsync("group", "describe", group, "--bootstrap", broker.BootstrapServers);
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Contains("state Empty", describe.Stdout);
        Assert.Contains("members 0", describe.Stdout);
    }

    [Fact]
    public async Task A_malformed_file_fails_naming_its_line_and_column()
    {
        var topic = KafkaTestCluster.UniqueName("bad");
        var file = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(file, "[{\"id\":1},\n{\"id\":2,\n\"x\": }]", Encoding.UTF8);

        var result = await KpipeCli.RunAsync("produce", topic, file, "--bootstrap", broker.BootstrapServers);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"kpipe: {file}:3:6: '}}' is an invalid start of a value; stopped there: the 1 record before it was delivered, nothing after it was sent", result.Stderr);
        Assert.Contains("1 sent, 1 delivered", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Producing_a_missing_file_fails_with_a_clear_message()
    {
        var result = await KpipeCli.RunAsync("produce", "t", Path.Combine(_directory, "nope.json"), "--bootstrap", broker.BootstrapServers);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("file not found", result.Stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A one-partition topic holding {"id":1} … {"id":10}, produced through the CLI.
    private async Task<string> TopicOfTenIdsAsync(string prefix)
    {
        var topic = KafkaTestCluster.UniqueName(prefix);
        var file = Path.Combine(_directory, prefix + ".json");
        await File.WriteAllTextAsync(file, string.Join("\n", Enumerable.Range(1, 10).Select(i => $"{{\"id\":{i}}}")));
        Assert.Equal(0, (await KpipeCli.RunAsync("topic", "create", topic, "--partitions", "1", "--replication", "1", "--bootstrap", broker.BootstrapServers)).ExitCode);
        Assert.Equal(0, (await KpipeCli.RunAsync("produce", topic, file, "--bootstrap", broker.BootstrapServers)).ExitCode);
        return topic;
    }

    private static IEnumerable<long> Offsets(string jsonLines) =>
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("offset").GetInt64());
}
