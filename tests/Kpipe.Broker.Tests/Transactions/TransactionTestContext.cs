using Kpipe.Broker.Metadata;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Groups;
using Kpipe.Broker.Tests.Storage;
using Kpipe.Broker.Transactions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Broker.Tests.Transactions;

/// <summary>A transaction coordinator over file logs that can be made to fail, a group coordinator and a fake clock, in a temp data directory.</summary>
internal sealed class TransactionTestContext : IDisposable
{
    public const int TimeoutMs = 60_000;

    private readonly TransactionCoordinatorOptions _options;

    public TransactionTestContext(TransactionCoordinatorOptions? options = null)
    {
        _options = options ?? new TransactionCoordinatorOptions();
        Topics = TopicRegistry.Open(new BrokerOptions { DataDirectory = Groups.DataDirectory }, NullLoggerFactory.Instance, Groups.Time, Files);
        ProducerIds = new ProducerIdManager(Groups.DataDirectory);
        Coordinator = Open();
    }

    public GroupTestContext Groups { get; } = new();

    public FaultyFileSystem Files { get; } = new();

    public TopicRegistry Topics { get; }

    public ProducerIdManager ProducerIds { get; }

    public ProducerStateManager ProducerStates { get; private set; } = null!;

    public TransactionCoordinator Coordinator { get; private set; }

    public void CreateTopic(string name, int partitions = 1) =>
        Assert.Equal(ErrorCode.None, Topics.CreateTopic(name, partitions, 1, new Dictionary<string, string?>(), validateOnly: false).Error);

    /// <summary>InitProducerId for <paramref name="transactionalId"/>, which must succeed.</summary>
    public InitProducerIdResult Init(string transactionalId)
    {
        var result = Coordinator.InitProducerId(transactionalId, TimeoutMs, -1, -1);
        Assert.Equal(ErrorCode.None, result.Error);
        return result;
    }

    /// <summary>Adds <paramref name="partitions"/> of topic <paramref name="topic"/> to the producer's transaction, which must succeed.</summary>
    public void AddPartitions(string transactionalId, InitProducerIdResult producer, string topic, params int[] partitions) =>
        Assert.All(
            Coordinator.AddPartitions(transactionalId, producer.ProducerId, producer.ProducerEpoch, [.. partitions.Select(p => new TransactionPartition(topic, p))]),
            r => Assert.Equal(ErrorCode.None, r.Error));

    /// <summary>Closes the coordinator and opens a new one on the same directory, as a broker restart does.</summary>
    public void Restart()
    {
        Coordinator.Dispose();
        Coordinator = Open();
    }

    public void Dispose()
    {
        Coordinator.Dispose();
        Topics.Dispose();
        Groups.Dispose();
    }

    private TransactionCoordinator Open()
    {
        ProducerStates = new ProducerStateManager(new ProducerStateOptions(), Groups.Time, NullLogger<ProducerStateManager>.Instance);
        return new TransactionCoordinator(Groups.DataDirectory, _options, ProducerIds, ProducerStates, Topics, Groups.Coordinator, Groups.Time, NullLogger<TransactionCoordinator>.Instance);
    }
}
