using System.Buffers.Binary;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Protocol;

namespace Kpipe.Broker.Tests.Server;

/// <summary>The listener's limits: connections per address and in total, idle connections, requests taken per read, frame size.</summary>
[Trait("Category", TestCategories.Integration)]
public sealed class ConnectionLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Connections_past_max_connections_per_ip_are_closed_at_accept_counted_and_logged()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Connections = o.Connections with { MaxConnectionsPerIp = 2 } });
        using var first = await ServedPeerAsync(broker);
        using var second = await ServedPeerAsync(broker);
        using (var third = await RawPeer.ConnectAsync(broker.EndPoint))
        {
            Assert.True(await third.IsClosedByBrokerAsync());
        }

        Assert.Equal(1, broker.Broker.RefusedConnections);
        await Poll.UntilAsync(() => broker.Logs.Lines.Any(l => l.Contains("refusing connection from 127.0.0.1", StringComparison.Ordinal) && l.Contains("max.connections.per.ip (2) reached", StringComparison.Ordinal)), Timeout, "the refusal log line");

        first.Dispose();
        await Poll.UntilAsync(() => Answers(broker), Timeout, "a connection admitted once another closed");
    }

    [Fact]
    public async Task Connections_past_max_connections_are_closed_at_accept()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Connections = o.Connections with { MaxConnections = 1 } });
        using var only = await ServedPeerAsync(broker);
        using var refused = await RawPeer.ConnectAsync(broker.EndPoint);
        Assert.True(await refused.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Broker.RefusedConnections);
        await Poll.UntilAsync(() => broker.Logs.Lines.Any(l => l.Contains("max.connections (1) reached", StringComparison.Ordinal)), Timeout, "the refusal log line");
    }

    [Fact]
    public async Task Idle_connection_is_closed_after_connections_max_idle_ms()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Connections = o.Connections with { MaxIdle = TimeSpan.FromMilliseconds(300) } });
        using var peer = await ServedPeerAsync(broker);
        Assert.True(await peer.IsClosedByBrokerAsync());
        Assert.Contains(broker.Logs.Lines, l => l.Contains("idle for 300 ms (connections.max.idle.ms)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_with_a_parked_long_poll_fetch_is_not_idle()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Connections = o.Connections with { MaxIdle = TimeSpan.FromMilliseconds(300) } });
        Assert.Equal(ErrorCode.None, broker.Broker.Topics.CreateTopic("parked", 1, 1, new Dictionary<string, string?>(), false).Error);
        using var peer = await RawPeer.ConnectAsync(broker.EndPoint);
        var fetch = new FetchApi.Request(-1, 1500, 1, 1 << 20, 0, 0, -1, [new("parked", [new(0, -1, 0, -1, -1, 1 << 20)])]);
        await peer.SendAsync(RawPeer.Frame(ApiKey.Fetch, 4, 7, fetch.Write));
        // The fetch waits 1.5 s, five times the idle limit; its answer must still come, then the connection idles out.
        Assert.Equal(7, (await peer.ReceiveAsync()).CorrelationId);
        Assert.True(await peer.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task Thousands_of_pipelined_requests_past_queued_max_requests_are_all_answered_in_order()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { Connections = o.Connections with { QueuedMaxRequests = 10 } });
        using var peer = await RawPeer.ConnectAsync(broker.EndPoint);
        const int Requests = 5_000;
        await peer.SendAsync([.. Enumerable.Range(1, Requests).Select(id => RawPeer.Frame(ApiKey.ApiVersions, 0, id, (_, _) => { }))]);
        for (var id = 1; id <= Requests; id++)
        {
            Assert.Equal(id, (await peer.ReceiveAsync()).CorrelationId);
        }
    }

    [Fact]
    public async Task Frame_size_is_checked_from_the_prefix_before_the_body_arrives()
    {
        await using var broker = await TestBroker.StartAsync(o => o with { MaxFrameBytes = 1024 });
        using var peer = await RawPeer.ConnectAsync(broker.EndPoint);
        var prefix = new byte[4];
        // A 2 GiB claim: only the four-byte prefix is sent, so the broker can only close if it checks before buffering.
        BinaryPrimitives.WriteInt32BigEndian(prefix, int.MaxValue);
        await peer.SendAsync(prefix);
        Assert.True(await peer.IsClosedByBrokerAsync());
        Assert.Contains(broker.Logs.Lines, l => l.Contains("exceeds the limit of 1024 bytes (socket.request.max.bytes)", StringComparison.Ordinal));
        Assert.True(Answers(broker));
    }

    private static async Task<RawPeer> ServedPeerAsync(TestBroker broker)
    {
        var peer = await RawPeer.ConnectAsync(broker.EndPoint);
        await peer.SendAsync(RawPeer.Frame(ApiKey.ApiVersions, 0, 1, (_, _) => { }));
        Assert.Equal(1, (await peer.ReceiveAsync()).CorrelationId);
        return peer;
    }

    private static bool Answers(TestBroker broker)
    {
        try
        {
            using var peer = ServedPeerAsync(broker).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or EndOfStreamException)
        {
            return false;
        }
    }
}
