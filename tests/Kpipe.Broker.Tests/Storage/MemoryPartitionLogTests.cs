using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

public sealed class MemoryPartitionLogTests : PartitionLogContractTests
{
    protected override IPartitionLog CreateLog(LogConfig config) => new MemoryPartitionLog(config, Clock);
}
