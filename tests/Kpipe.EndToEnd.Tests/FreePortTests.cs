using System.Net;

namespace Kpipe.EndToEnd.Tests;

[Trait("Category", "Integration")]
public sealed class FreePortTests
{
    private const string TimeWait = "06";

    [Fact]
    public async Task A_reserved_port_is_held_in_TIME_WAIT_and_a_broker_can_still_listen_on_it()
    {
        var port = FreePort.Reserve();

        // Linux lists each TCP socket as "sl local_address rem_address st …", the address as hex IP:port.
        var sockets = File.ReadLines("/proc/net/tcp").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(sockets, s => s[1].EndsWith($":{port:X4}", StringComparison.Ordinal) && s[3] == TimeWait);
        await using var broker = await TestBroker.StartAsync(o => o with { Listen = new IPEndPoint(IPAddress.Loopback, port) });
        Assert.Equal(port, broker.EndPoint.Port);
    }
}
