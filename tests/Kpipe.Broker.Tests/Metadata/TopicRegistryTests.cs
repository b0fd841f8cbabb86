using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Kpipe.Broker.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Metadata;

/// <summary>Topics and configs: persistence, restarts, checkpoints, flushing and retention through the registry.</summary>
/// <remarks>How the registry refuses or creates topics is in TopicRegistryTests.Validation.cs.</remarks>
[Trait("Category", "Unit")]
public sealed partial class TopicRegistryTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoConfigs = [];

    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private readonly FaultyFileSystem _files = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void CreateTopic_persists_name_id_partitions_and_configs_across_reopen()
    {
        Guid id;
        using (var registry = Open())
        {
            var outcome = registry.CreateTopic("events", 3, 1, new Dictionary<string, string?> { ["retention.ms"] = "1000" }, validateOnly: false);
            Assert.Equal(TopicOutcome.Ok, outcome);
            Assert.True(registry.TryGetTopic("events", out var created));
            id = created.TopicId;
            Assert.NotEqual(Guid.Empty, id);
        }

        using var reopened = Open();
        Assert.True(reopened.TryGetTopic("events", out var topic));
        Assert.Equal(id, topic.TopicId);
        Assert.Equal(3, topic.PartitionCount);
        Assert.Equal("1000", topic.ConfigOverrides["retention.ms"]);
        Assert.NotNull(reopened.GetLog("events", 2));
        Assert.Null(reopened.GetLog("events", 3));
        Assert.True(Directory.Exists(Path.Combine(_data.Path, "events-2")));
        Assert.True(reopened.TryGetTopicById(id, out var byId));
        Assert.Equal("events", byId.Name);
        Assert.False(reopened.TryGetTopicById(Guid.NewGuid(), out _));
    }

    [Fact]
    public void Records_offsets_and_log_start_survive_a_restart()
    {
        using (var registry = Open())
        {
            registry.CreateTopic("events", 1, 1, NoConfigs, false);
            var log = registry.GetLog("events", 0)!;
            log.Append(TestBatches.OfValues("a", "b", "c"));
            log.Append(TestBatches.OfValues("d"));
            Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(1, out _));
        }

        using var reopened = Open();
        var reloaded = reopened.GetLog("events", 0)!;
        Assert.Equal(4, reloaded.LogEndOffset);
        Assert.Equal(1, reloaded.LogStartOffset);
        Assert.Equal(ErrorCode.OffsetOutOfRange, reloaded.Read(0, 1 << 20, true).Error);
        Assert.Equal(["d"], TestBatches.Decode(reloaded.Read(3, 1 << 20, true).Records.Span).Select(r => System.Text.Encoding.UTF8.GetString(r.Value!)));
    }

    [Fact]
    public void A_restart_after_a_clean_shutdown_verifies_nothing_and_after_a_crash_recovers_from_the_recovery_point()
    {
        var crashCopy = Path.Combine(_data.Path, "crash-copy");
        var options = Options();
        var logs = LogManager.Open(options, NullLoggerFactory.Instance, _clock, _files);
        using (var registry = TopicRegistry.Open(options, logs, logs.ClusterId, NullLoggerFactory.Instance))
        {
            registry.CreateTopic("events", 1, 1, NoConfigs, false);
            registry.GetLog("events", 0)!.Append(TestBatches.OfValues("flushed"));
            logs.FlushAll();
            registry.GetLog("events", 0)!.Append(TestBatches.OfValues("unflushed"));

            // A copy taken while the broker runs is what a crash leaves behind: no clean-shutdown marker.
            CopyDirectory(options.DataDirectory, crashCopy);
        }

        var cleanLogs = new CapturingLoggerFactory();
        using (var clean = TopicRegistry.Open(options, cleanLogs, _clock, _files))
        {
            Assert.Equal(2, clean.GetLog("events", 0)!.LogEndOffset);
            Assert.Contains(cleanLogs.Lines, l => l.Contains("Loaded events-0") && l.Contains("0 verified"));
        }

        var crashLogs = new CapturingLoggerFactory();
        using var crashed = TopicRegistry.Open(options with { DataDirectory = crashCopy }, crashLogs, _clock, _files);
        Assert.Equal(2, crashed.GetLog("events", 0)!.LogEndOffset);
        Assert.Contains(crashLogs.Lines, l => l.Contains("Loaded events-0") && l.Contains("1 verified (2 batches CRC-checked)") && l.Contains("recovery point 1"));
    }

    [Fact]
    public void An_unreadable_recovery_checkpoint_means_verifying_every_partition_not_failing()
    {
        using (var registry = Open())
        {
            registry.CreateTopic("events", 1, 1, NoConfigs, false);
            registry.GetLog("events", 0)!.Append(TestBatches.OfValues("a"));
        }

        File.WriteAllText(Path.Combine(_data.Path, "recovery-point-offset-checkpoint"), "garbage");
        File.Delete(Path.Combine(_data.Path, ".kafka_cleanshutdown"));
        var logs = new CapturingLoggerFactory();

        using var reopened = TopicRegistry.Open(Options(), logs, _clock, _files);

        Assert.Equal(1, reopened.GetLog("events", 0)!.LogEndOffset);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning") && l.Contains("recovery-point-offset-checkpoint"));
        Assert.Contains(logs.Lines, l => l.Contains("Loaded events-0") && l.Contains("1 verified"));
    }

    [Fact]
    public void A_half_written_topics_file_is_set_aside_and_the_topics_rebuilt_from_their_directories_keeping_every_record()
    {
        using (var registry = Open())
        {
            registry.CreateTopic("events", 2, 1, new Dictionary<string, string?> { ["retention.ms"] = "1000" }, validateOnly: false);
            registry.CreateTopic("other", 1, 1, NoConfigs, validateOnly: false);
            registry.GetLog("events", 1)!.Append(TestBatches.OfValues("a", "b"));
        }

        var path = Path.Combine(_data.Path, "topics.json");
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
        var logs = new CapturingLoggerFactory();

        using var reopened = TopicRegistry.Open(Options(), logs, _clock, _files);

        Assert.Equal(["events", "other"], reopened.ListTopics().Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.True(reopened.TryGetTopic("events", out var events));
        Assert.Equal(2, events.PartitionCount);
        Assert.Equal("-1", events.ConfigOverrides["retention.ms"]);
        Assert.Equal(2, reopened.GetLog("events", 1)!.LogEndOffset);
        Assert.Equal(whole[..(whole.Length / 2)], File.ReadAllBytes(path + ".damaged"));
        var line = Assert.Single(logs.Lines, l => l.Contains("topics.json", StringComparison.Ordinal));
        Assert.Contains("rebuilt 2 topics (3 partitions)", line);
    }

    [Fact]
    public void A_stray_temporary_from_an_interrupted_topics_write_is_removed_and_the_last_complete_file_used()
    {
        using (var registry = Open())
        {
            registry.CreateTopic("events", 1, 1, NoConfigs, validateOnly: false);
        }

        var temporary = Kpipe.IO.AtomicFile.TemporaryPathFor(Path.Combine(_data.Path, "topics.json"));
        File.WriteAllText(temporary, "{\"version\":1,\"topics\":[{\"na");
        var logs = new CapturingLoggerFactory();

        using var reopened = TopicRegistry.Open(Options(), logs, _clock, _files);

        Assert.Equal(["events"], reopened.ListTopics().Select(t => t.Name));
        Assert.False(File.Exists(temporary));
        Assert.Contains("a temporary left by an interrupted write", Assert.Single(logs.Lines, l => l.Contains(".tmp", StringComparison.Ordinal)));
    }

    [Fact]
    public void DeleteTopic_removes_the_topic_and_its_data()
    {
        using var registry = Open();
        registry.CreateTopic("events", 2, 1, NoConfigs, false);
        registry.GetLog("events", 0)!.Append(TestBatches.OfValues("a"));

        Assert.Equal(TopicOutcome.Ok, registry.DeleteTopic("events"));

        Assert.False(registry.TryGetTopic("events", out _));
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "events-0")));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, registry.DeleteTopic("events").Error);
        registry.CreateTopic("events", 1, 1, NoConfigs, false);
        Assert.Equal(0, registry.GetLog("events", 0)!.LogEndOffset);
    }

    [Fact]
    public void CreatePartitions_raises_the_count_and_refuses_lowering_it()
    {
        using var registry = Open();
        registry.CreateTopic("events", 2, 1, NoConfigs, false);

        Assert.Equal(ErrorCode.InvalidPartitions, registry.CreatePartitions("events", 2, false).Error);
        Assert.Equal(ErrorCode.InvalidPartitions, registry.CreatePartitions("events", 1, false).Error);
        Assert.Equal(TopicOutcome.Ok, registry.CreatePartitions("events", 5, validateOnly: true));
        Assert.Null(registry.GetLog("events", 4));
        Assert.Equal(TopicOutcome.Ok, registry.CreatePartitions("events", 5, false));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, registry.CreatePartitions("missing", 5, false).Error);

        Assert.True(registry.TryGetTopic("events", out var topic));
        Assert.Equal(5, topic.PartitionCount);
        Assert.NotNull(registry.GetLog("events", 4));
    }

    [Fact]
    public void A_second_broker_cannot_open_a_data_directory_in_use()
    {
        using var registry = Open();

        var error = Assert.Throws<IOException>(() => Open());

        Assert.Contains("in use by another broker", error.Message);
    }

    [Fact]
    public void The_cluster_id_is_generated_once_and_stays_stable()
    {
        string first;
        using (var registry = Open())
        {
            first = registry.ClusterId;
        }

        using var reopened = Open();
        Assert.Equal(first, reopened.ClusterId);
        Assert.Equal(22, first.Length);
    }

    [Fact]
    public void The_interval_flusher_flushes_and_checkpoints_on_its_period()
    {
        using var registry = Open(Options() with { Fsync = FsyncPolicy.Interval, FsyncInterval = TimeSpan.FromSeconds(1) });
        registry.CreateTopic("events", 1, 1, NoConfigs, false);
        registry.GetLog("events", 0)!.Append(TestBatches.OfValues("a", "b"));
        Assert.Equal(0, _files.LogFlushes);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, _files.LogFlushes);
        Assert.Contains("events 0 2", File.ReadAllText(Path.Combine(_data.Path, "recovery-point-offset-checkpoint")));
    }

    [Fact]
    public void Fsync_always_puts_every_append_on_disk_before_it_returns()
    {
        using var registry = Open(Options() with { Fsync = FsyncPolicy.Always });
        registry.CreateTopic("events", 1, 1, NoConfigs, false);

        registry.GetLog("events", 0)!.Append(TestBatches.OfValues("a"));

        Assert.Equal(1, _files.LogFlushes);
    }

    [Fact]
    public void Retention_runs_periodically_and_persists_the_new_log_start()
    {
        var options = Options();
        using (var registry = Open(options))
        {
            registry.CreateTopic("events", 1, 1, new Dictionary<string, string?> { ["retention.ms"] = "60000" }, false);
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            registry.GetLog("events", 0)!.Append(TestBatches.Create([TestRecord.Of("k", "v", now)]));

            _clock.Advance(TimeSpan.FromMinutes(5));

            Assert.Equal(1, registry.GetLog("events", 0)!.LogStartOffset);
            Assert.Contains("events 0 1", File.ReadAllText(Path.Combine(_data.Path, "log-start-offset-checkpoint")));
        }

        using var reopened = Open(options);
        Assert.Equal(1, reopened.GetLog("events", 0)!.LogStartOffset);
        Assert.Equal(1, reopened.GetLog("events", 0)!.LogEndOffset);
    }

    [Fact]
    public void A_log_append_time_topic_stamps_batches()
    {
        using var registry = Open();
        registry.CreateTopic("stamped", 1, 1, new Dictionary<string, string?> { ["message.timestamp.type"] = "LogAppendTime" }, false);

        var result = registry.GetLog("stamped", 0)!.Append(TestBatches.OfValues("a"));

        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), result.LogAppendTimeMs);
    }

    private BrokerOptions Options() => new() { DataDirectory = _data.Path };

    private TopicRegistry Open(BrokerOptions? options = null) =>
        TopicRegistry.Open(options ?? Options(), NullLoggerFactory.Instance, _clock, _files);

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            if (!file.EndsWith(".lock", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            if (directory != target)
            {
                CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
            }
        }
    }
}
