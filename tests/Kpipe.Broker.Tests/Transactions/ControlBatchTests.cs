using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;
using Kpipe.Broker.Transactions;

namespace Kpipe.Broker.Tests.Transactions;

/// <summary>Transaction markers as Kafka's EndTransactionMarker lays them out, and who may append them.</summary>
[Trait("Category", "Unit")]
public sealed class ControlBatchTests
{
    [Fact]
    public void A_commit_marker_is_one_transactional_control_record_with_key_version_0_type_1_and_the_coordinator_epoch()
    {
        var marker = ControlBatch.Marker(producerId: 7, producerEpoch: 2, commit: true, coordinatorEpoch: 0, timestampMs: 1000);

        Assert.True(RecordBatchHeader.TryRead(marker, out var header));
        Assert.Equal((true, true, 7L, (short)2, -1, 1), (header.IsControl, header.IsTransactional, header.ProducerId, header.ProducerEpoch, header.BaseSequence, header.RecordsCount));
        // Record: length 16, attributes, timestamp delta, offset delta, key length 4, key (0, 1), value length 6, value (0, epoch 0), no headers.
        Assert.Equal("2000000008000000010C000000000000" + "00", Convert.ToHexString(marker.AsSpan(RecordBatchHeader.Size)));
        Assert.True(ControlBatch.IsCommit(marker));
        Assert.False(ControlBatch.IsCommit(ControlBatch.Marker(7, 2, commit: false, 0, 1000)));
    }

    [Fact]
    public void A_marker_passes_validation_only_when_the_broker_writes_it()
    {
        var marker = ControlBatch.Marker(7, 2, commit: false, 0, 1000);

        Assert.Equal(ErrorCode.None, RecordBatchValidator.Validate(marker, int.MaxValue, brokerControl: true).Error);
        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(marker, int.MaxValue).Error);
        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(TestBatches.OfValues("a"), int.MaxValue, brokerControl: true).Error);
    }
}
