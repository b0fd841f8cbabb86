using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

[Trait("Category", "Unit")]
public sealed class KafkaReaderTests
{
    [Fact]
    public void Reading_past_the_end_sets_the_sticky_failure_and_yields_defaults()
    {
        var reader = new KafkaReader(new byte[] { 0, 1 });
        Assert.Equal(0, reader.ReadInt32());
        Assert.True(reader.Failed);
        Assert.Equal(0, reader.ReadInt16());
        Assert.True(reader.Failed);
    }

    [Fact]
    public void String_longer_than_the_frame_fails_without_reading_it()
    {
        var reader = new KafkaReader(new byte[] { 0x7F, 0xFF, (byte)'a' });
        Assert.Null(reader.ReadNullableString(compact: false));
        Assert.True(reader.Failed);
    }

    [Fact]
    public void Array_count_larger_than_the_bytes_left_fails_before_anything_is_allocated()
    {
        var classic = new KafkaReader(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 0, 0 });
        Assert.Equal(0, classic.ReadArrayCount(compact: false));
        Assert.True(classic.Failed);

        var int32s = new KafkaReader(new byte[] { 0, 0, 0, 2, 0, 0, 0, 1 });
        Assert.Empty(int32s.ReadInt32Array(compact: false));
        Assert.True(int32s.Failed);
    }

    [Fact]
    public void Negative_lengths_other_than_null_are_malformed()
    {
        var reader = new KafkaReader(new byte[] { 0xFF, 0xFE });
        reader.ReadNullableString(compact: false);
        Assert.True(reader.Failed);
    }

    [Fact]
    public void Null_where_a_value_is_required_is_malformed()
    {
        var reader = new KafkaReader(new byte[] { 0 });
        Assert.Equal(string.Empty, reader.ReadString(compact: true));
        Assert.True(reader.Failed);
    }

    [Fact]
    public void Unsigned_varint_longer_than_five_bytes_is_malformed()
    {
        var reader = new KafkaReader(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 });
        reader.ReadUnsignedVarInt();
        Assert.True(reader.Failed);
    }

    [Fact]
    public void Unknown_tagged_fields_are_skipped_by_their_size()
    {
        // Two tags (0 with 2 bytes, 5 with 1 byte), then an int16 that must still be readable.
        var reader = new KafkaReader(new byte[] { 2, 0, 2, 0xAA, 0xBB, 5, 1, 0xCC, 0x01, 0x02 });
        reader.SkipTaggedFields(flexible: true);
        Assert.Equal(0x0102, reader.ReadInt16());
        Assert.False(reader.Failed);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Tagged_field_larger_than_the_frame_is_malformed()
    {
        var reader = new KafkaReader(new byte[] { 1, 0, 50, 0xAA });
        reader.SkipTaggedFields(flexible: true);
        Assert.True(reader.Failed);
    }

    [Fact]
    public void Bytes_are_returned_as_a_slice_of_the_frame_without_copying()
    {
        var frame = new byte[] { 0, 0, 0, 2, 7, 8 };
        var reader = new KafkaReader(frame);
        Assert.True(reader.ReadNullableBytes(compact: false, out var bytes));
        frame[4] = 9;
        Assert.Equal(new byte[] { 9, 8 }, bytes.ToArray());
    }

    [Fact]
    public void Uuid_is_read_most_significant_byte_first()
    {
        var id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var reader = new KafkaReader(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"));
        Assert.Equal(id, reader.ReadUuid());
    }
}
