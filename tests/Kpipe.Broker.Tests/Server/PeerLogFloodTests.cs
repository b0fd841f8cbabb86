using System.Diagnostics;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Server;

/// <summary>A flood of bad connections from one address must not flood the log: one line per address per interval.</summary>
[Trait("Category", TestCategories.Integration)]
public sealed class PeerLogFloodTests
{
    [Fact]
    public async Task Twenty_thousand_malformed_frames_on_separate_connections_log_a_few_lines_and_the_broker_still_serves()
    {
        await using var broker = await TestBroker.StartAsync();
        // ApiVersions v0 header whose client id claims 32,767 bytes in a 10-byte frame.
        byte[] malformed = [0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, 0x7F, 0xFF];
        const int Connections = 20_000;
        var next = 0;
        var closed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Connections)
            {
                using var peer = await RawPeer.ConnectAsync(broker.EndPoint);
                await peer.SendAsync(malformed);
                if (await peer.IsClosedByBrokerAsync())
                {
                    Interlocked.Increment(ref closed);
                }
            }
        })));
        var elapsed = clock.Elapsed;

        Assert.Equal(Connections, closed);
        var lines = broker.Logs.Lines.Count(l => l.Contains("malformed request header", StringComparison.Ordinal));
        // The first event in full, then at most one summary per 10 s interval (plus one for a window cut at each end).
        var bound = 2 + (int)(elapsed / TimeSpan.FromSeconds(10));
        Assert.InRange(lines, 1, bound);
        using var served = await RawPeer.ConnectAsync(broker.EndPoint);
        await served.SendAsync(RawPeer.Frame(ApiKey.ApiVersions, 0, 42, (_, _) => { }));
        Assert.Equal(42, (await served.ReceiveAsync()).CorrelationId);
        await broker.StopKeepingDataAsync();
        // Once stopped, the counts still pending are written: every close is accounted for in the log.
        var counted = broker.Logs.Lines.Where(l => l.Contains("more connections from 127.0.0.1", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split("closed ")[1].Split(' ')[0], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Connections - 1, counted);
    }
}
