using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Groups;

[Trait("Category", "Unit")]
public sealed class GroupHandlerTests : IDisposable
{
    private readonly GroupTestContext _context = new();

    [Fact]
    public void LeaveGroup_before_v3_reports_the_members_error_at_the_top_and_v3_per_member()
    {
        var handler = new LeaveGroupApi(_context.Coordinator);
        _context.Coordinator.CommitOffsets(new Broker.Groups.OffsetCommitCommand("g", -1, "", null, [new Broker.Groups.OffsetCommitEntry("t", 0, 1, -1, null)]));

        var v1 = handler.Handle(new LeaveGroupApi.Request("g", [new LeaveGroupApi.Request.Member("client-nobody", null)]), 1);
        var v3 = handler.Handle(new LeaveGroupApi.Request("g", [new LeaveGroupApi.Request.Member("client-nobody", null)]), 3);

        Assert.Equal(ErrorCode.UnknownMemberId, v1.ErrorCode);
        Assert.Equal(ErrorCode.None, v3.ErrorCode);
        Assert.Equal(ErrorCode.UnknownMemberId, v3.Members.Single().ErrorCode);
    }

    [Fact]
    public void OffsetCommit_and_OffsetFetch_answer_per_topic_and_partition()
    {
        var commit = new OffsetCommitApi(_context.Coordinator).Handle(new OffsetCommitApi.Request("g", -1, "", null, -1,
        [
            new TopicData<OffsetCommitApi.Request.Partition>("a", [new OffsetCommitApi.Request.Partition(0, 5, -1, "m"), new OffsetCommitApi.Request.Partition(1, 6, -1, new string('x', 5000))]),
            new TopicData<OffsetCommitApi.Request.Partition>("b", [new OffsetCommitApi.Request.Partition(0, 7, 3, null)]),
        ]));
        using var transactions = new Transactions.TransactionTestContext();
        var fetch = new OffsetFetchApi(_context.Coordinator, transactions.Coordinator).Handle(new OffsetFetchApi.Request("g", [new OffsetFetchApi.Request.Topic("a", [0, 1]), new OffsetFetchApi.Request.Topic("b", [0])]));

        Assert.Equal(["a", "b"], commit.Topics.Select(t => t.Name));
        Assert.Equal([ErrorCode.None, ErrorCode.OffsetMetadataTooLarge], commit.Topics[0].Partitions.Select(p => p.ErrorCode));
        Assert.Equal([(5L, "m"), (-1L, "")], fetch.Topics[0].Partitions.Select(p => (p.CommittedOffset, p.Metadata)));
        Assert.Equal((7L, 3), (fetch.Topics[1].Partitions[0].CommittedOffset, fetch.Topics[1].Partitions[0].CommittedLeaderEpoch));
    }

    [Fact]
    public void ListGroups_filters_by_state_and_knows_only_classic_groups()
    {
        _context.Coordinator.CommitOffsets(new Broker.Groups.OffsetCommitCommand("g", -1, "", null, [new Broker.Groups.OffsetCommitEntry("t", 0, 1, -1, null)]));
        var handler = new ListGroupsApi(_context.Coordinator);

        Assert.Equal(["g"], handler.Handle(new ListGroupsApi.Request(["Empty"], [])).Groups.Select(g => g.GroupId));
        Assert.Empty(handler.Handle(new ListGroupsApi.Request(["Stable"], [])).Groups);
        Assert.Empty(handler.Handle(new ListGroupsApi.Request([], ["consumer"])).Groups);
        Assert.Equal("Empty", handler.Handle(new ListGroupsApi.Request([], ["classic"])).Groups.Single().GroupState);
    }

    [Fact]
    public void InitProducerId_hands_out_new_ids_and_refuses_an_empty_transactional_id()
    {
        var ids = new Broker.Producers.ProducerIdManager(_context.DataDirectory);
        using var registry = Broker.Metadata.TopicRegistry.Open(new Broker.BrokerOptions { DataDirectory = _context.DataDirectory }, new Broker.Storage.MemoryPartitionLogFactory(_context.Time), "memory-cluster", Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var states = new Broker.Producers.ProducerStateManager(new(), _context.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Broker.Producers.ProducerStateManager>.Instance);
        using var transactions = new Broker.Transactions.TransactionCoordinator(_context.DataDirectory, new(), ids, states, registry, _context.Coordinator, _context.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Broker.Transactions.TransactionCoordinator>.Instance);
        var handler = new InitProducerIdApi(ids, transactions);

        var first = handler.Handle(new InitProducerIdApi.Request(null, 60000), 4);
        var second = handler.Handle(new InitProducerIdApi.Request(null, 60000, first.ProducerId, first.ProducerEpoch), 4);

        Assert.Equal((ErrorCode.None, (short)0), (second.ErrorCode, second.ProducerEpoch));
        Assert.NotEqual(first.ProducerId, second.ProducerId);
        Assert.Equal(ErrorCode.InvalidRequest, handler.Handle(new InitProducerIdApi.Request("", 60000), 4).ErrorCode);
        var txn = handler.Handle(new InitProducerIdApi.Request("txn-1", 60000), 4);
        var again = handler.Handle(new InitProducerIdApi.Request("txn-1", 60000), 4);
        Assert.Equal((ErrorCode.None, txn.ProducerId, (short)(txn.ProducerEpoch + 1)), (again.ErrorCode, again.ProducerId, again.ProducerEpoch));
        Assert.Equal(ErrorCode.InvalidTransactionTimeout, handler.Handle(new InitProducerIdApi.Request("txn-2", 900_001), 4).ErrorCode);
    }

    public void Dispose() => _context.Dispose();
}
