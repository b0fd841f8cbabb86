using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

[Trait("Category", "Unit")]
public sealed class CodecRoundTripTests
{
    public static TheoryData<ApiKey, short> Versions => SampleMessages.EveryRegisteredVersion();

    [Theory]
    [MemberData(nameof(Versions))]
    public void Request_decodes_and_reencodes_to_the_same_bytes(ApiKey key, short version)
    {
        var (write, read) = SampleMessages.Request(key);
        AssertRoundTrip(write, read, version);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Response_decodes_and_reencodes_to_the_same_bytes(ApiKey key, short version)
    {
        var (write, read) = SampleMessages.Response(key);
        AssertRoundTrip(write, read, version);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_strict_prefix_of_a_request_fails_and_the_whole_body_is_consumed(ApiKey key, short version)
    {
        var (write, read) = SampleMessages.Request(key);
        using var writer = new KafkaWriter();
        write(writer, version);
        var bytes = writer.WrittenMemory.ToArray();
        var whole = new KafkaReader(bytes);
        read(ref whole, version);
        Assert.False(whole.Failed);
        Assert.Equal(bytes.Length, whole.Position);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var reader = new KafkaReader(bytes.AsMemory(0, cut));
            read(ref reader, version);
            Assert.True(reader.Failed, $"a {cut}-byte prefix of the {bytes.Length}-byte body decoded without failing");
        }
    }

    private static void AssertRoundTrip(Action<KafkaWriter, short> write, MessageReader<Action<KafkaWriter, short>> read, short version)
    {
        using var first = new KafkaWriter();
        write(first, version);
        var bytes = first.WrittenMemory.ToArray();
        var reader = new KafkaReader(bytes);
        var decoded = read(ref reader, version);
        Assert.False(reader.Failed);
        Assert.Equal(0, reader.Remaining);
        using var second = new KafkaWriter();
        decoded(second, version);
        Assert.Equal(bytes, second.WrittenMemory.ToArray());
    }
}
