using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

[Trait("Category", "Unit")]
public sealed class MemoryPartitionLogTests : PartitionLogContractTests
{
    protected override IPartitionLog CreateLog(LogConfig config) => new MemoryPartitionLog(config, Clock);
}
