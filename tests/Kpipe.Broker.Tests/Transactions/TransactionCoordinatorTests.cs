using Kpipe.Broker.Apis;
using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Tests.Transactions;

[Trait("Category", "Unit")]
public sealed class TransactionCoordinatorTests : IDisposable
{
    private readonly TransactionTestContext _context = new();

    public TransactionCoordinatorTests() => _context.CreateTopic("t");

    [Fact]
    public void InitProducerId_for_an_ongoing_transaction_aborts_it_answers_concurrent_transactions_and_the_retry_gets_the_epoch_after_the_abort()
    {
        var first = _context.Init("txn");
        _context.AddPartitions("txn", first, "t", 0);

        var concurrent = _context.Coordinator.InitProducerId("txn", TransactionTestContext.TimeoutMs, -1, -1);
        Assert.Equal(ErrorCode.ConcurrentTransactions, concurrent.Error);
        Assert.Equal(1, _context.Topics.GetLog("t", 0)!.LogEndOffset);
        var retry = _context.Init("txn");

        Assert.Equal((first.ProducerId, (short)(first.ProducerEpoch + 2)), (retry.ProducerId, retry.ProducerEpoch));
        Assert.Equal(ErrorCode.ProducerFenced, _context.Coordinator.EndTransaction("txn", first.ProducerId, first.ProducerEpoch, commit: true));
    }

    [Fact]
    public void EndTxn_whose_markers_fail_is_decided_and_later_requests_get_concurrent_transactions_until_the_markers_are_written()
    {
        var producer = _context.Init("txn");
        _context.AddPartitions("txn", producer, "t", 0);

        _context.Files.FailLogWrites = true;
        Assert.Equal(ErrorCode.None, _context.Coordinator.EndTransaction("txn", producer.ProducerId, producer.ProducerEpoch, commit: true));
        Assert.Equal(ErrorCode.ConcurrentTransactions, Add(producer));
        Assert.Equal(ErrorCode.ConcurrentTransactions, _context.Coordinator.EndTransaction("txn", producer.ProducerId, producer.ProducerEpoch, commit: true));
        Assert.Equal(ErrorCode.ConcurrentTransactions, _context.Coordinator.InitProducerId("txn", TransactionTestContext.TimeoutMs, -1, -1).Error);

        _context.Files.FailLogWrites = false;
        Assert.Equal(ErrorCode.None, Add(producer));
        Assert.Equal(ErrorCode.None, _context.Coordinator.EndTransaction("txn", producer.ProducerId, producer.ProducerEpoch, commit: false));
        Assert.Equal(0, _context.ProducerStates.LastStableOffset(_context.Topics.GetLog("t", 0)!) - _context.Topics.GetLog("t", 0)!.LogEndOffset);

        ErrorCode Add(InitProducerIdResult p) =>
            _context.Coordinator.AddPartitions("txn", p.ProducerId, p.ProducerEpoch, [new TransactionPartition("t", 0)]).Single().Error;
    }

    [Fact]
    public void OffsetFetch_with_require_stable_answers_unstable_offset_commit_for_an_offset_pending_in_a_transaction_until_it_commits()
    {
        var producer = _context.Init("txn");
        var fetch = new OffsetFetchApi(_context.Groups.Coordinator, _context.Coordinator);
        _context.Groups.Coordinator.CommitOffsets(new Broker.Groups.OffsetCommitCommand("g", -1, "", null, [new Broker.Groups.OffsetCommitEntry("t", 0, 2, -1, null)]));
        Assert.Equal(ErrorCode.None, _context.Coordinator.AddOffsets("txn", producer.ProducerId, producer.ProducerEpoch, "g"));
        Assert.All(
            _context.Coordinator.CommitOffsets("txn", producer.ProducerId, producer.ProducerEpoch, [new PendingTransactionOffset("g", "t", 0, 5, -1, null)]),
            r => Assert.Equal(ErrorCode.None, r.Error));
        var request = new OffsetFetchApi.Request("g", [new OffsetFetchApi.Request.Topic("t", [0])]);

        var stable = fetch.Handle(request with { RequireStable = true });
        var plain = fetch.Handle(request);
        Assert.Equal(ErrorCode.None, stable.ErrorCode);
        Assert.Equal((-1L, ErrorCode.UnstableOffsetCommit), (stable.Topics[0].Partitions[0].CommittedOffset, stable.Topics[0].Partitions[0].ErrorCode));
        Assert.Equal((2L, ErrorCode.None), (plain.Topics[0].Partitions[0].CommittedOffset, plain.Topics[0].Partitions[0].ErrorCode));
        Assert.Equal(ErrorCode.None, fetch.Handle(request with { RequireStable = true, GroupId = "other" }).Topics[0].Partitions[0].ErrorCode);

        Assert.Equal(ErrorCode.None, _context.Coordinator.EndTransaction("txn", producer.ProducerId, producer.ProducerEpoch, commit: true));
        var committed = fetch.Handle(request with { RequireStable = true }).Topics[0].Partitions[0];
        Assert.Equal((5L, ErrorCode.None), (committed.CommittedOffset, committed.ErrorCode));
    }

    public void Dispose() => _context.Dispose();
}
