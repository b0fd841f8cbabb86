using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Integration;
using Kpipe.Broker.Tests.Protocol;

namespace Kpipe.Broker.Tests.Server;

[Trait("Category", "Integration")]
public sealed class ConnectionTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public static TheoryData<ApiKey, short> Versions => SampleMessages.EveryRegisteredVersion();

    public async Task InitializeAsync() => _broker = await TestBroker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Broker_answers_every_registered_api_version(ApiKey key, short version)
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(key, version, 77, SampleMessages.Request(key).Write));
        var (correlationId, body) = await peer.ReceiveAsync();
        Assert.Equal(77, correlationId);
        var reader = new KafkaReader(body);
        if (ResponseHeader.IsFlexible(key, version))
        {
            reader.SkipTaggedFields(true);
        }

        SampleMessages.Response(key).Read(ref reader, version);
        Assert.False(reader.Failed);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_and_acks_0_gets_no_response()
    {
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var silent = new ProduceApi.Request(null, 0, 1000, [new("pipelined", [new(0, TestBatches.OfValues("x"))])]);
        await peer.SendAsync(
            RawPeer.Frame(ApiKey.ApiVersions, 3, 1, new ApiVersionsApi.Request("t", "1").Write),
            RawPeer.Frame(ApiKey.Metadata, 0, 2, new MetadataApi.Request([]).Write),
            RawPeer.Frame(ApiKey.Produce, 7, 3, silent.Write),
            RawPeer.Frame(ApiKey.Metadata, 12, 4, new MetadataApi.Request(null).Write));
        Assert.Equal(1, (await peer.ReceiveAsync()).CorrelationId);
        Assert.Equal(2, (await peer.ReceiveAsync()).CorrelationId);
        Assert.Equal(4, (await peer.ReceiveAsync()).CorrelationId);
        Assert.Equal(1, _broker.Broker.Topics.GetLog("pipelined", 0)!.LogEndOffset);
    }

    [Fact]
    public async Task Parked_fetch_is_woken_by_an_append_and_holds_later_responses_until_then()
    {
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.CreateTopic("poll", 1, 1, new Dictionary<string, string?>(), false).Error);
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var fetch = new FetchApi.Request(-1, 30_000, 1, 1 << 20, 0, 0, -1, [new("poll", [new(0, -1, 0, -1, -1, 1 << 20)])]);
        await peer.SendAsync(
            RawPeer.Frame(ApiKey.Fetch, 11, 1, fetch.Write),
            RawPeer.Frame(ApiKey.ApiVersions, 0, 2, (_, _) => { }));
        var first = peer.ReceiveAsync();
        await Task.Delay(200);
        Assert.False(first.IsCompleted);

        var started = DateTime.UtcNow;
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.GetLog("poll", 0)!.Append(TestBatches.OfValues("wake")).Error);
        var (correlationId, body) = await first;
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        Assert.Equal(1, correlationId);
        var reader = new KafkaReader(body);
        var response = FetchApi.Response.Read(ref reader, 11);
        var partition = response.Topics[0].Partitions[0];
        Assert.Equal(1, partition.HighWatermark);
        Assert.Equal(1, partition.LastStableOffset);
        Assert.Equal("wake", System.Text.Encoding.UTF8.GetString(TestBatches.Decode(partition.Records.Span).Single().Value!));
        Assert.Equal(2, (await peer.ReceiveAsync()).CorrelationId);
    }

    [Fact]
    public async Task Fetch_returns_after_max_wait_when_no_data_arrives()
    {
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.CreateTopic("idle", 1, 1, new Dictionary<string, string?>(), false).Error);
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var fetch = new FetchApi.Request(-1, 300, 1, 1 << 20, 0, 0, -1, [new("idle", [new(0, -1, 0, -1, -1, 1 << 20)])]);
        await peer.SendAsync(RawPeer.Frame(ApiKey.Fetch, 4, 9, fetch.Write));
        var (correlationId, body) = await peer.ReceiveAsync();
        Assert.Equal(9, correlationId);
        var reader = new KafkaReader(body);
        Assert.True(FetchApi.Response.Read(ref reader, 4).Topics[0].Partitions[0].Records.IsEmpty);
    }

    [Fact]
    public async Task Fetch_sends_a_first_batch_larger_than_max_bytes_whole_and_stops_there()
    {
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.CreateTopic("big", 2, 1, new Dictionary<string, string?>(), false).Error);
        var log0 = _broker.Broker.Topics.GetLog("big", 0)!;
        var log1 = _broker.Broker.Topics.GetLog("big", 1)!;
        var large = TestBatches.OfSize(10, 1000);
        log0.Append(large);
        log0.Append(TestBatches.OfSize(1, 10));
        log1.Append(TestBatches.OfSize(1, 10));
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var fetch = new FetchApi.Request(-1, 0, 1, 100, 0, 0, -1, [new("big", [new(0, -1, 0, -1, -1, 100), new(1, -1, 0, -1, -1, 100)])]);
        await peer.SendAsync(RawPeer.Frame(ApiKey.Fetch, 12, 1, fetch.Write));
        var (_, body) = await peer.ReceiveAsync();
        var reader = new KafkaReader(body);
        reader.SkipTaggedFields(true);
        var partitions = FetchApi.Response.Read(ref reader, 12).Topics[0].Partitions;
        Assert.Equal(large.Length, partitions[0].Records.Length);
        Assert.True(partitions[1].Records.IsEmpty);
    }

    [Fact]
    public async Task Fetch_outside_the_log_gets_offset_out_of_range()
    {
        Assert.Equal(ErrorCode.None, _broker.Broker.Topics.CreateTopic("range", 1, 1, new Dictionary<string, string?>(), false).Error);
        using var peer = await RawPeer.ConnectAsync(_broker.EndPoint);
        var fetch = new FetchApi.Request(-1, 5000, 1, 1 << 20, 0, 0, -1, [new("range", [new(0, -1, 5, -1, -1, 1 << 20)])]);
        await peer.SendAsync(RawPeer.Frame(ApiKey.Fetch, 4, 1, fetch.Write));
        var (_, body) = await peer.ReceiveAsync();
        var reader = new KafkaReader(body);
        Assert.Equal(ErrorCode.OffsetOutOfRange, FetchApi.Response.Read(ref reader, 4).Topics[0].Partitions[0].ErrorCode);
    }
}
