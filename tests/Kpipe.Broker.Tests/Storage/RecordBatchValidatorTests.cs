using System.Buffers.Binary;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Storage;

namespace Kpipe.Broker.Tests.Storage;

[Trait("Category", "Unit")]
public sealed class RecordBatchValidatorTests
{
    private const int MaxMessageBytes = 1048588;

    [Fact]
    public void Validate_accepts_a_well_formed_batch_and_returns_its_header()
    {
        var batch = TestBatches.OfValues("one", "two", "three");

        var result = RecordBatchValidator.Validate(batch, MaxMessageBytes);

        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal(3, result.Header.RecordsCount);
        Assert.Equal(batch.Length, result.Header.TotalSize);
        Assert.Equal(2, result.Header.Magic);
    }

    [Fact]
    public void Validate_refuses_fewer_bytes_than_a_header_as_corrupt()
    {
        var batch = TestBatches.OfValues("x").AsSpan(0, 40).ToArray();

        Assert.Equal(ErrorCode.CorruptMessage, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_a_batch_length_beyond_the_bytes_received_as_corrupt()
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { BatchLengthAdjustment = 5 });

        var result = RecordBatchValidator.Validate(batch, MaxMessageBytes);

        Assert.Equal(ErrorCode.CorruptMessage, result.Error);
        Assert.Contains("batchLength", result.Message);
    }

    [Fact]
    public void Validate_refuses_a_batch_length_smaller_than_the_header_as_corrupt()
    {
        var batch = TestBatches.OfValues("v");
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), 20);

        Assert.Equal(ErrorCode.CorruptMessage, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_two_batches_for_one_partition_as_invalid_record()
    {
        var two = TestBatches.OfValues("a").Concat(TestBatches.OfValues("b")).ToArray();

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(two, MaxMessageBytes).Error);
    }

    [Theory]
    [InlineData(0, ErrorCode.InvalidRecord)]
    [InlineData(1, ErrorCode.InvalidRecord)]
    [InlineData(3, ErrorCode.CorruptMessage)]
    public void Validate_refuses_other_magic_values(sbyte magic, ErrorCode expected)
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { Magic = magic });

        Assert.Equal(expected, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_a_bad_crc_as_corrupt()
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { CorruptCrc = true });

        var result = RecordBatchValidator.Validate(batch, MaxMessageBytes);

        Assert.Equal(ErrorCode.CorruptMessage, result.Error);
        Assert.Contains("CRC", result.Message);
    }

    [Fact]
    public void Validate_refuses_a_flipped_record_byte_as_corrupt()
    {
        var batch = TestBatches.OfValues("hello");
        batch[^2] ^= 0xFF;

        Assert.Equal(ErrorCode.CorruptMessage, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_a_batch_over_max_message_bytes_as_too_large()
    {
        var batch = TestBatches.OfSize(1, 500);

        var result = RecordBatchValidator.Validate(batch, 400);

        Assert.Equal(ErrorCode.MessageTooLarge, result.Error);
        Assert.Contains("max.message.bytes", result.Message);
    }

    [Fact]
    public void Validate_refuses_a_nonzero_base_offset_as_invalid_record()
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { BaseOffset = 7 });

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(null, 4)]
    [InlineData(-1, 0)]
    public void Validate_refuses_mismatched_offset_delta_and_count_as_invalid_record(int? lastOffsetDelta, int? recordsCount)
    {
        var batch = TestBatches.Create(
            [TestRecord.Of("a", "1"), TestRecord.Of("b", "2")],
            new BatchOptions { LastOffsetDelta = lastOffsetDelta, RecordsCount = recordsCount });

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_an_empty_batch_as_invalid_record()
    {
        var batch = TestBatches.Create([]);

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_a_client_control_batch_as_invalid_record()
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { Attributes = 0x20 });

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_a_producer_id_without_a_sequence_as_invalid_record()
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { ProducerId = 5, ProducerEpoch = 0, BaseSequence = -1 });

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_accepts_an_idempotent_batch_with_a_sequence()
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { ProducerId = 5, ProducerEpoch = 0, BaseSequence = 0 });

        Assert.Equal(ErrorCode.None, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_an_unknown_compression_codec()
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { Attributes = 6 });

        Assert.Equal(ErrorCode.UnsupportedCompressionType, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Validate_accepts_known_compression_codecs_without_decompressing(short codec)
    {
        var batch = TestBatches.Create([TestRecord.Of("k", "v")], new BatchOptions { Attributes = codec });

        var result = RecordBatchValidator.Validate(batch, MaxMessageBytes);

        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal(codec, result.Header.Compression);
    }

    [Fact]
    public void Validate_refuses_records_whose_offset_deltas_are_not_consecutive_from_zero()
    {
        var batch = TestBatches.Create([TestRecord.Of("a", "1"), TestRecord.Of("b", "2")], new BatchOptions { FirstOffsetDelta = 1 });

        var result = RecordBatchValidator.Validate(batch, MaxMessageBytes);

        Assert.Equal(ErrorCode.InvalidRecord, result.Error);
        Assert.Contains("offset delta", result.Message);
    }

    [Fact]
    public void Validate_refuses_a_batch_that_holds_fewer_records_than_it_declares()
    {
        var batch = TestBatches.Create([TestRecord.Of("a", "1"), TestRecord.Of("b", "2")], new BatchOptions { LastOffsetDelta = 2, RecordsCount = 3 });

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_refuses_bytes_after_the_last_record()
    {
        var batch = TestBatches.Create([TestRecord.Of("a", "1")], new BatchOptions { TrailingBytes = [1, 2, 3] });

        var result = RecordBatchValidator.Validate(batch, MaxMessageBytes);

        Assert.Equal(ErrorCode.InvalidRecord, result.Error);
        Assert.Contains("follow the last", result.Message);
    }

    [Fact]
    public void Validate_refuses_a_record_length_running_past_the_batch()
    {
        var batch = TestBatches.Create([TestRecord.Of("a", "1")]);
        batch[RecordBatchHeader.Size] = 0x7E; // zig-zag 63: longer than what is left
        RecomputeCrc(batch);

        Assert.Equal(ErrorCode.InvalidRecord, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    [Fact]
    public void Validate_accepts_records_with_null_keys_values_and_headers()
    {
        var batch = TestBatches.Create(
        [
            new TestRecord(null, null, 1000),
            new TestRecord([1], [2, 3], 1001, [new("h1", null), new("h2", [9])]),
        ]);

        Assert.Equal(ErrorCode.None, RecordBatchValidator.Validate(batch, MaxMessageBytes).Error);
    }

    private static void RecomputeCrc(byte[] batch) =>
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), Crc32C.Compute(batch.AsSpan(RecordBatchHeader.CrcStart)));
}
