using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Tests.Transactions;

[Trait("Category", "Unit")]
public sealed class TransactionListingTests : IDisposable
{
    private readonly TransactionTestContext _context = new();

    public TransactionListingTests() => _context.CreateTopic("t", partitions: 2);

    [Fact]
    public void DescribeTransactions_reports_state_producer_timeout_start_and_partitions_and_an_unknown_id_as_not_found()
    {
        var ongoing = _context.Init("ongoing");
        _context.AddPartitions("ongoing", ongoing, "t", 1, 0);
        var started = _context.Groups.Time.GetUtcNow().ToUnixTimeMilliseconds();
        _context.Init("empty");

        var response = new DescribeTransactionsApi(_context.Coordinator).Handle(new DescribeTransactionsApi.Request(["ongoing", "empty", "missing"]));

        Assert.Equal(["ongoing", "empty", "missing"], response.TransactionStates.Select(s => s.TransactionalId));
        var first = response.TransactionStates[0];
        Assert.Equal((ErrorCode.None, "Ongoing", TransactionTestContext.TimeoutMs, started, ongoing.ProducerId, ongoing.ProducerEpoch),
            (first.ErrorCode, first.State, first.TransactionTimeoutMs, first.TransactionStartTimeMs, first.ProducerId, first.ProducerEpoch));
        Assert.Equal("t", Assert.Single(first.Topics).Name);
        Assert.Equal([1, 0], first.Topics[0].Partitions);
        Assert.Equal(("Empty", -1L), (response.TransactionStates[1].State, response.TransactionStates[1].TransactionStartTimeMs));
        Assert.Equal(ErrorCode.TransactionalIdNotFound, response.TransactionStates[2].ErrorCode);
    }

    [Fact]
    public void ListTransactions_filters_by_state_producer_id_and_duration_and_echoes_unknown_states()
    {
        var ongoing = _context.Init("ongoing");
        _context.AddPartitions("ongoing", ongoing, "t", 0);
        var committed = _context.Init("committed");
        _context.AddPartitions("committed", committed, "t", 1);
        Assert.Equal(ErrorCode.None, _context.Coordinator.EndTransaction("committed", committed.ProducerId, committed.ProducerEpoch, commit: true));
        _context.Groups.Time.Advance(TimeSpan.FromSeconds(30));
        var fresh = _context.Init("fresh");
        _context.AddPartitions("fresh", fresh, "t", 1);
        var handler = new ListTransactionsApi(_context.Coordinator);

        var all = handler.Handle(new ListTransactionsApi.Request([], []));
        var byState = handler.Handle(new ListTransactionsApi.Request(["Ongoing", "Bogus", "Dead"], []));
        var byProducer = handler.Handle(new ListTransactionsApi.Request([], [committed.ProducerId]));
        var longRunning = handler.Handle(new ListTransactionsApi.Request(["Ongoing"], [], DurationFilter: 10_000));

        Assert.Equal([("committed", "CompleteCommit"), ("fresh", "Ongoing"), ("ongoing", "Ongoing")], all.TransactionStates.Select(s => (s.TransactionalId, s.State)));
        Assert.Equal(["fresh", "ongoing"], byState.TransactionStates.Select(s => s.TransactionalId));
        Assert.Equal(["Bogus"], byState.UnknownStateFilters);
        Assert.Equal((committed.ProducerId, "committed"), (Assert.Single(byProducer.TransactionStates).ProducerId, byProducer.TransactionStates[0].TransactionalId));
        Assert.Equal(["ongoing"], longRunning.TransactionStates.Select(s => s.TransactionalId));
    }

    [Fact]
    public void ListTransactions_response_v1_has_the_bytes_of_the_schema()
    {
        var response = new ListTransactionsApi.Response(ErrorCode.None, ["Bogus"], [new ListTransactionsApi.Response.TransactionState("tx", 1000, "Ongoing")]);
        using var writer = new KafkaWriter();
        response.Write(writer, ListTransactionsApi.Versions.At(1));

        // ThrottleTimeMs, ErrorCode, UnknownStateFilters ["Bogus"], TransactionStates [("tx", 1000, "Ongoing", no tags)], no tags.
        Assert.Equal("00000000" + "0000" + "02" + "06426F677573" + "02" + "03" + "7478" + "00000000000003E8" + "08" + "4F6E676F696E67" + "00" + "00", Convert.ToHexString(writer.WrittenSpan));
    }

    [Fact]
    public void DescribeTransactions_response_v0_has_the_bytes_of_the_schema()
    {
        var response = new DescribeTransactionsApi.Response([new DescribeTransactionsApi.Response.TransactionState(ErrorCode.None, "tx", "Ongoing", 60000, 5, 1000, 2, [new TopicData<int>("t", [0])])]);
        using var writer = new KafkaWriter();
        response.Write(writer, DescribeTransactionsApi.Versions.At(0));

        // ThrottleTimeMs, then one state: ErrorCode, TransactionalId, TransactionState, TransactionTimeoutMs,
        // TransactionStartTimeMs, ProducerId, ProducerEpoch, Topics [("t", [0]), tags], tags; then the body's tags.
        Assert.Equal("00000000" + "02" + "0000" + "037478" + "084F6E676F696E67" + "0000EA60" + "0000000000000005" + "00000000000003E8" + "0002"
            + "02" + "0274" + "0200000000" + "00" + "00" + "00", Convert.ToHexString(writer.WrittenSpan));
    }

    public void Dispose() => _context.Dispose();
}
