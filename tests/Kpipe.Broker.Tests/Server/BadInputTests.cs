using System.Buffers.Binary;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Integration;
using Kpipe.Broker.Tests.Protocol;

namespace Kpipe.Broker.Tests.Server;

[Trait("Category", "Integration")]
public sealed class BadInputTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync(o => o with { MaxFrameBytes = 64 * 1024 });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Oversized_frame_closes_the_connection_with_one_log_line()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, 64 * 1024 + 1);
        await peer.SendAsync(header);
        Assert.True(await peer.IsClosedByBrokerAsync());
        Assert.Single(_broker.Logs.Lines, l => l.Contains("exceeds the limit of 65536 bytes", StringComparison.Ordinal));
        await AssertBrokerStillServesAsync();
    }

    [Fact]
    public async Task Truncated_frame_followed_by_close_is_logged_and_the_broker_keeps_serving()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var frame = RawPeer.Frame(ApiKey.Metadata, 1, 1, new MetadataApi.Request(null).Write);
        await peer.SendAsync(frame[..^3]);
        peer.ShutdownSend();
        Assert.True(await peer.IsClosedByBrokerAsync());
        await WaitForLogAsync("in the middle of a frame");
        await AssertBrokerStillServesAsync();
    }

    [Fact]
    public async Task Garbage_body_closes_the_connection()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        // A topic array claiming two billion entries in a 4-byte body.
        await peer.SendAsync(RawPeer.Frame(ApiKey.Metadata, 1, 1, (w, _) => w.WriteInt32(int.MaxValue)));
        Assert.True(await peer.IsClosedByBrokerAsync());
        await WaitForLogAsync("malformed Metadata v1 request");
        await AssertBrokerStillServesAsync();
    }

    [Fact]
    public async Task Unknown_api_key_closes_the_connection()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame((ApiKey)999, 0, 1, (_, _) => { }));
        Assert.True(await peer.IsClosedByBrokerAsync());
        await WaitForLogAsync("api key 999 version 0 is not served");
        await AssertBrokerStillServesAsync();
    }

    [Fact]
    public async Task Version_outside_the_registry_closes_the_connection()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(ApiKey.Fetch, 13, 1, (_, _) => { }));
        Assert.True(await peer.IsClosedByBrokerAsync());
        await WaitForLogAsync("api key 1 version 13 is not served");
    }

    [Fact]
    public async Task ApiVersions_newer_than_served_gets_the_v0_unsupported_version_fallback()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(ApiKey.ApiVersions, 9, 5, new ApiVersionsApi.Request("x", "1").Write));
        var (correlationId, body) = await peer.ReceiveAsync();
        Assert.Equal(5, correlationId);
        var reader = new KafkaReader(body);
        var response = ApiVersionsApi.Response.Read(ref reader, 0);
        Assert.False(reader.Failed);
        Assert.Equal(ErrorCode.UnsupportedVersion, response.ErrorCode);
        Assert.Contains(response.ApiKeys, k => k.Key == ApiKey.ApiVersions && k.MaxVersion == 3);
    }

    [Fact]
    public async Task Batch_with_bad_crc_gets_corrupt_message_and_nothing_is_appended()
    {
        var batch = TestBatches.OfValues("a", "b");
        batch[^1] ^= 0xFF;
        Assert.Equal(ErrorCode.CorruptMessage, await ProduceAsync(batch));
    }

    [Fact]
    public async Task Batch_with_wrong_magic_is_refused_and_nothing_is_appended()
    {
        var batch = TestBatches.OfValues("a");
        batch[16] = 1;
        Assert.NotEqual(ErrorCode.None, await ProduceAsync(batch));
    }

    [Fact]
    public async Task Batch_whose_length_field_disagrees_with_its_size_gets_corrupt_message()
    {
        var batch = TestBatches.OfValues("a", "b");
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), BinaryPrimitives.ReadInt32BigEndian(batch.AsSpan(8)) + 5);
        Assert.Equal(ErrorCode.CorruptMessage, await ProduceAsync(batch));
    }

    [Fact]
    public async Task Two_batches_for_one_partition_get_invalid_record()
    {
        var two = TestBatches.OfValues("a").Concat(TestBatches.OfValues("b")).ToArray();
        Assert.Equal(ErrorCode.InvalidRecord, await ProduceAsync(two));
    }

    [Fact]
    public async Task Acks_other_than_0_1_or_minus_1_get_invalid_required_acks()
    {
        Assert.Equal(ErrorCode.InvalidRequiredAcks, await ProduceAsync(TestBatches.OfValues("a"), acks: 2));
    }

    private async Task<ErrorCode> ProduceAsync(byte[] records, short acks = 1)
    {
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.CreateTopic("bad", 1, 1, new Dictionary<string, string?>(), false).Error);
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var request = new ProduceApi.Request(null, acks, 1000, [new("bad", [new(0, records)])]);
        await peer.SendAsync(RawPeer.Frame(ApiKey.Produce, 7, 3, request.Write));
        var (correlationId, body) = await peer.ReceiveAsync();
        Assert.Equal(3, correlationId);
        var reader = new KafkaReader(body);
        var response = ProduceApi.Response.Read(ref reader, 7);
        Assert.Equal(0, _broker.Broker.Topics.GetLog("bad", 0)!.LogEndOffset);
        return response.Topics[0].Partitions[0].ErrorCode;
    }

    private async Task AssertBrokerStillServesAsync()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(ApiKey.ApiVersions, 0, 42, (_, _) => { }));
        var (correlationId, _) = await peer.ReceiveAsync();
        Assert.Equal(42, correlationId);
    }

    private Task WaitForLogAsync(string fragment) =>
        Poll.UntilAsync(() => _broker.Logs.Lines.Any(l => l.Contains(fragment, StringComparison.Ordinal)), TimeSpan.FromSeconds(10), $"a log line with '{fragment}'");
}
