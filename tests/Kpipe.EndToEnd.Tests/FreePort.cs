using System.Net;
using System.Net.Sockets;

namespace Kpipe.EndToEnd.Tests;

/// <summary>A loopback TCP port free at the moment of asking, for processes that must be told their port up front.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
