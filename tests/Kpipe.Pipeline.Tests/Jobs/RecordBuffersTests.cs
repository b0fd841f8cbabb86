using System.Text;
using Confluent.Kafka;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Runtime;

namespace Kpipe.Pipeline.Tests.Jobs;

[Trait("Category", "Unit")]
public sealed class RecordBuffersTests
{
    private static readonly SerializationContext Value = new(MessageComponentType.Value, "t");

    [Fact]
    public void A_sealed_batch_keeps_its_bytes_while_later_records_fill_other_buffers()
    {
        var buffers = new RecordBuffers();
        var padding = new string('x', 100);
        var records = Enumerable.Range(0, 20_000).Select(i => Record(buffers, i, $"{{\"id\":{i},\"pad\":\"{padding}\"}}")).ToList();

        var batch = buffers.Seal(records);
        for (var i = 0; i < 20_000; i++)
        {
            Record(buffers, i, "overwrite me if you share a buffer");
        }

        Assert.Equal(20_000, batch.Records.Count);
        Assert.True(batch.Buffers.Count > 1);
        Assert.All(batch.Records, r => Assert.Equal($"{{\"id\":{r.Offset},\"pad\":\"{padding}\"}}", Encoding.UTF8.GetString(r.Value.Span)));
    }

    [Fact]
    public void Released_memory_is_reused_by_the_next_batch_and_the_record_array_too()
    {
        var buffers = new RecordBuffers();
        var first = buffers.Seal(Enumerable.Range(0, 1_000).Select(i => Record(buffers, i, "first")).ToList());
        var firstBuffer = Assert.Single(first.Buffers);
        var firstArray = first.Records.Array;
        buffers.Release(first);

        var second = buffers.Seal(Enumerable.Range(0, 10).Select(i => Record(buffers, i, "second")).ToList());

        Assert.Same(firstBuffer, Assert.Single(second.Buffers));
        Assert.Same(firstArray, second.Records.Array);
        Assert.Equal(10, second.Records.Count);
        Assert.All(second.Records, r => Assert.Equal("second", Encoding.UTF8.GetString(r.Value.Span)));
    }

    [Fact]
    public void A_null_key_stays_null_and_an_empty_value_stays_empty()
    {
        var buffers = new RecordBuffers();

        Assert.Null(buffers.Deserialize(ReadOnlySpan<byte>.Empty, isNull: true, new SerializationContext(MessageComponentType.Key, "t")));
        var empty = buffers.Deserialize(ReadOnlySpan<byte>.Empty, isNull: false, Value);
        Assert.NotNull(empty);
        Assert.Equal(0, empty.Value.Length);
    }

    [Fact]
    public void A_value_larger_than_a_quarter_buffer_gets_an_array_of_its_own()
    {
        var buffers = new RecordBuffers();
        var large = new byte[(1 << 20) / 4 + 1];
        Random.Shared.NextBytes(large);

        var copy = buffers.Deserialize(large, isNull: false, Value)!.Value;
        var sealedRecords = buffers.Seal([new ConsumedRecord(0, 0, default, null, copy)]);

        Assert.True(copy.Span.SequenceEqual(large));
        Assert.Empty(sealedRecords.Buffers);
    }

    private static ConsumedRecord Record(RecordBuffers buffers, long offset, string value) =>
        new(0, offset, default, null, buffers.Deserialize(Encoding.UTF8.GetBytes(value), isNull: false, Value)!.Value);
}
