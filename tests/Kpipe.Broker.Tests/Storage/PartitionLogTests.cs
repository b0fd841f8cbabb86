using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Broker.Tests.Storage;

/// <summary>The shared contract, run against the file log.</summary>
[Trait("Category", "Unit")]
public sealed class PartitionLogTests : PartitionLogContractTests
{
    private readonly TempDirectory _directory = new();

    protected override IPartitionLog CreateLog(LogConfig config) => PartitionLog.Open(new PartitionLogSettings
    {
        Directory = Path.Combine(_directory.Path, "topic-0"),
        Name = "topic-0",
        Config = config,
        Time = Clock,
        Logger = NullLogger.Instance,
    });

    public override void Dispose()
    {
        base.Dispose();
        _directory.Dispose();
    }
}
