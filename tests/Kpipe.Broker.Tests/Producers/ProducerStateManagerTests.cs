using Kpipe.Broker.Producers;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kpipe.Broker.Tests.Producers;

[Trait("Category", "Unit")]
public sealed class ProducerStateManagerTests : IDisposable
{
    private const long RecordTime = 1_700_000_000_000;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(RecordTime + 60_000));
    private readonly MemoryPartitionLog _log = new();
    private readonly ProducerStateManager _producers;

    public ProducerStateManagerTests() => _producers = NewManager();

    [Fact]
    public void A_retried_batch_is_written_once_and_answers_the_original_base_offset()
    {
        var first = _producers.Append(_log, Batch(7, 0, 0, records: 3));
        var second = _producers.Append(_log, Batch(7, 0, 3, records: 2));

        var retry = _producers.Append(_log, Batch(7, 0, 0, records: 3));

        Assert.Equal((ErrorCode.None, 0L), (first.Error, first.BaseOffset));
        Assert.Equal((ErrorCode.None, 3L), (second.Error, second.BaseOffset));
        Assert.Equal((ErrorCode.None, 0L), (retry.Error, retry.BaseOffset));
        Assert.Equal(5, _log.LogEndOffset);
    }

    [Fact]
    public void A_sequence_gap_is_out_of_order_and_nothing_is_written()
    {
        _producers.Append(_log, Batch(7, 0, 0, records: 2));

        var gap = _producers.Append(_log, Batch(7, 0, 3));

        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, gap.Error);
        Assert.Equal(2, _log.LogEndOffset);
        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(7, 0, 2)).Error);
    }

    [Fact]
    public void An_older_epoch_is_refused_and_a_newer_epoch_must_start_at_sequence_zero()
    {
        _producers.Append(_log, Batch(7, 1, 0));

        Assert.Equal(ErrorCode.InvalidProducerEpoch, _producers.Append(_log, Batch(7, 0, 1)).Error);
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, _producers.Append(_log, Batch(7, 2, 5)).Error);
        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(7, 2, 0)).Error);
        Assert.Equal(ErrorCode.InvalidProducerEpoch, _producers.Append(_log, Batch(7, 1, 1)).Error);
        Assert.Equal(2, _log.LogEndOffset);
    }

    [Fact]
    public void Only_the_last_five_batches_are_recognised_as_duplicates()
    {
        for (var sequence = 0; sequence < 6; sequence++)
        {
            Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(7, 0, sequence)).Error);
        }

        var recent = _producers.Append(_log, Batch(7, 0, 1));
        var forgotten = _producers.Append(_log, Batch(7, 0, 0));

        Assert.Equal((ErrorCode.None, 1L), (recent.Error, recent.BaseOffset));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, forgotten.Error);
        Assert.Equal(6, _log.LogEndOffset);
    }

    [Fact]
    public void Producers_are_tracked_independently_and_a_new_producer_may_start_at_any_sequence()
    {
        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(7, 0, 0)).Error);
        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(8, 0, 42)).Error);
        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(7, 0, 1)).Error);
        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(8, 0, 43)).Error);
    }

    [Fact]
    public void Sequences_wrap_from_int_max_to_zero()
    {
        _producers.Append(_log, Batch(7, 0, int.MaxValue - 1, records: 2));

        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(7, 0, 0)).Error);
    }

    [Fact]
    public void Batches_without_a_producer_id_are_appended_unchecked()
    {
        var plain = TestBatches.OfValues("a", "b");

        Assert.Equal(0, _producers.Append(_log, plain).BaseOffset);
        Assert.Equal(2, _producers.Append(_log, plain).BaseOffset);
    }

    [Fact]
    public void Transactional_batches_are_refused()
    {
        var result = _producers.Append(_log, Batch(7, 0, 0, attributes: 0x10));

        Assert.Equal(ErrorCode.InvalidTxnState, result.Error);
        Assert.Equal(0, _log.LogEndOffset);
    }

    [Fact]
    public void State_is_rebuilt_from_the_log_by_a_new_manager()
    {
        _producers.Append(_log, Batch(7, 0, 0, records: 2));
        _producers.Append(_log, TestBatches.OfValues("plain"));
        _producers.Append(_log, Batch(7, 0, 2, records: 2));

        var restarted = NewManager();

        var duplicate = restarted.Append(_log, Batch(7, 0, 0, records: 2));
        Assert.Equal((ErrorCode.None, 0L), (duplicate.Error, duplicate.BaseOffset));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, restarted.Append(_log, Batch(7, 0, 5)).Error);
        Assert.Equal(ErrorCode.None, restarted.Append(_log, Batch(7, 0, 4)).Error);
        Assert.Equal(6, _log.LogEndOffset);
    }

    [Fact]
    public void A_producer_silent_longer_than_the_expiration_is_forgotten()
    {
        _producers.Append(_log, Batch(7, 0, 0));
        _time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(ErrorCode.None, _producers.Append(_log, Batch(7, 0, 10)).Error);
    }

    public void Dispose() => _log.Dispose();

    private ProducerStateManager NewManager() => new(new ProducerStateOptions(), _time, NullLogger<ProducerStateManager>.Instance);

    private static byte[] Batch(long producerId, short epoch, int baseSequence, int records = 1, short attributes = 0) =>
        TestBatches.OfSize(records, 8, RecordTime, new BatchOptions
        {
            ProducerId = producerId,
            ProducerEpoch = epoch,
            BaseSequence = baseSequence,
            Attributes = attributes,
        });
}
