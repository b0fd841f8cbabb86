using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Metadata;

/// <summary>The registry over the memory engine: the log factory is the only place the engine is chosen.</summary>
[Trait("Category", "Unit")]
public sealed class TopicRegistryMemoryEngineTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoConfigs = [];

    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_topic_created_over_memory_logs_takes_appends_and_serves_reads_without_partition_files()
    {
        using var registry = Open();

        Assert.Equal(TopicOutcome.Ok, registry.CreateTopic("events", 2, 1, NoConfigs, validateOnly: false));
        var log = registry.GetLog("events", 1);
        var first = log!.Append(TestBatches.OfValues("a", "b"));
        var second = log.Append(TestBatches.OfValues("c"));
        var read = log.Read(0, 1 << 20, minOneBatch: true);

        Assert.IsType<MemoryPartitionLog>(log);
        Assert.Equal((ErrorCode.None, 0L), (first.Error, first.BaseOffset));
        Assert.Equal((ErrorCode.None, 2L), (second.Error, second.BaseOffset));
        Assert.Equal(ErrorCode.None, read.Error);
        Assert.Equal(["a", "b", "c"], TestBatches.Decode(read.Records.Span).Select(r => System.Text.Encoding.UTF8.GetString(r.Value!)));
        Assert.Equal(0, registry.GetLog("events", 0)!.LogEndOffset);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "events-1")));
    }

    [Fact]
    public void Deleting_a_topic_closes_its_memory_logs()
    {
        using var registry = Open();
        registry.CreateTopic("events", 1, 1, NoConfigs, validateOnly: false);
        var log = registry.GetLog("events", 0)!;

        Assert.Equal(TopicOutcome.Ok, registry.DeleteTopic("events"));

        Assert.Null(registry.GetLog("events", 0));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, log.Append(TestBatches.OfValues("late")).Error);
    }

    [Fact]
    public void The_topics_persist_across_a_reopen_while_memory_logs_start_empty()
    {
        using (var registry = Open())
        {
            registry.CreateTopic("events", 1, 1, NoConfigs, validateOnly: false);
            registry.GetLog("events", 0)!.Append(TestBatches.OfValues("gone"));
        }

        using var reopened = Open();

        Assert.True(reopened.TryGetTopic("events", out _));
        Assert.Equal(0, reopened.GetLog("events", 0)!.LogEndOffset);
    }

    private TopicRegistry Open() =>
        TopicRegistry.Open(new BrokerOptions { DataDirectory = _data.Path }, new MemoryPartitionLogFactory(_clock), "memory-cluster", NullLoggerFactory.Instance);
}
