using Kpipe.Broker.Metadata;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>Stray temporaries of interrupted atomic writes, in the data directory and the folders in it, are removed at open.</summary>
[Trait("Category", "Unit")]
public sealed class StrayTemporariesTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Stray_temporaries_of_interrupted_writes_are_removed_with_one_line_each_and_other_files_are_left_alone()
    {
        using (Open(new CapturingLoggerFactory()))
        {
        }

        var strays = new[]
        {
            Path.Combine(_data.Path, ".topics.json.tmp"),
            Path.Combine(_data.Path, ".recovery-point-offset-checkpoint.tmp"),
            Path.Combine(_data.Path, "__consumer_offsets", ".offsets.log.tmp"),
        };
        Directory.CreateDirectory(Path.Combine(_data.Path, "__consumer_offsets"));
        foreach (var stray in strays)
        {
            File.WriteAllText(stray, "{\"half");
        }

        var unrelated = Path.Combine(_data.Path, ".notes.txt");
        File.WriteAllText(unrelated, "kept");

        var logs = new CapturingLoggerFactory();
        using var reopened = Open(logs);

        Assert.All(strays, s => Assert.False(File.Exists(s)));
        Assert.True(File.Exists(unrelated));
        Assert.Equal(3, logs.Lines.Count(l => l.Contains("a temporary left by an interrupted write", StringComparison.Ordinal)));
    }

    private TopicRegistry Open(CapturingLoggerFactory logs) =>
        TopicRegistry.Open(new BrokerOptions { DataDirectory = _data.Path }, logs, _clock, PhysicalLogFileSystem.Instance);
}
