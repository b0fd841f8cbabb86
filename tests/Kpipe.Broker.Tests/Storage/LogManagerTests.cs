using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>The data directory's owner on its own, without a topic registry in front of it.</summary>
[Trait("Category", "Unit")]
public sealed class LogManagerTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Only_a_shutdown_after_a_complete_startup_is_marked_clean()
    {
        using (var aborted = Open())
        {
            aborted.Load("events", 0, LogConfig.Default);
        }

        Assert.False(File.Exists(Path.Combine(_data.Path, ".kafka_cleanshutdown")));

        using (var started = Open())
        {
            started.Load("events", 0, LogConfig.Default);
            started.Startup();
        }

        Assert.True(File.Exists(Path.Combine(_data.Path, ".kafka_cleanshutdown")));
    }

    [Fact]
    public void Create_starts_a_partition_empty_even_over_a_directory_left_by_an_interrupted_deletion()
    {
        using (var first = Open())
        {
            first.Create("events", 0, LogConfig.Default).Append(TestBatches.OfValues("old"));
            first.Startup();
        }

        using var second = Open();
        var log = second.Create("events", 0, LogConfig.Default);

        Assert.Equal(0, log.LogEndOffset);
    }

    [Fact]
    public void Delete_closes_the_log_and_removes_its_directory_and_its_checkpoint_entry()
    {
        using var manager = Open();
        var log = manager.Create("events", 0, LogConfig.Default);
        manager.Create("other", 0, LogConfig.Default);
        manager.Startup();

        manager.Delete("events", 0);
        manager.LogsChanged();

        Assert.False(Directory.Exists(Path.Combine(_data.Path, "events-0")));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, log.Append(TestBatches.OfValues("late")).Error);
        var checkpoint = File.ReadAllText(Path.Combine(_data.Path, "recovery-point-offset-checkpoint"));
        Assert.DoesNotContain("events", checkpoint);
        Assert.Contains("other 0 0", checkpoint);
    }

    private LogManager Open() => LogManager.Open(new BrokerOptions { DataDirectory = _data.Path }, NullLoggerFactory.Instance, _clock, PhysicalLogFileSystem.Instance);
}
