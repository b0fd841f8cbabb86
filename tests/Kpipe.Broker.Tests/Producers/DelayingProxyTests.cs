using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kpipe.Broker.Tests.Producers;

[Trait("Category", "Integration")]
public sealed class DelayingProxyTests
{
    [Fact]
    public async Task Proxy_passes_requests_at_once_and_holds_responses_back_by_the_delay()
    {
        using var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        var serverSide = Task.Run(async () =>
        {
            using var accepted = await echo.AcceptTcpClientAsync();
            var stream = accepted.GetStream();
            var buffer = new byte[4];
            await stream.ReadExactlyAsync(buffer);
            await stream.WriteAsync(buffer);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, 1));
        });
        await using var proxy = new DelayingProxy(() => (IPEndPoint)echo.LocalEndpoint) { ResponseDelay = TimeSpan.FromMilliseconds(300) };
        using var client = new TcpClient();
        await client.ConnectAsync(proxy.EndPoint);

        var watch = Stopwatch.StartNew();
        await client.GetStream().WriteAsync("ping"u8.ToArray());
        var answer = new byte[4];
        await client.GetStream().ReadExactlyAsync(answer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("ping"u8.ToArray(), answer);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed}");
        Assert.Equal(1, proxy.Connections);
        await client.GetStream().WriteAsync(new byte[1]);
        await serverSide.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
