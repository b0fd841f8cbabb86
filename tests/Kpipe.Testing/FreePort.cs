using System.Net;
using System.Net.Sockets;

namespace Kpipe.Testing;

/// <summary>
/// A loopback port for a process that must be told its port before it starts (a child cannot be handed our socket).
/// In-process brokers need none: they listen on port 0 and report the port bound (<see cref="TestBroker.EndPoint"/>).
/// </summary>
public static class FreePort
{
    /// <summary>
    /// A port that stays reserved for about a minute: it was bound and had a connection closed from its own side, so the
    /// kernel keeps it in TIME_WAIT and hands it to no other bind to port 0 nor to an outgoing connection, while a
    /// listener that sets SO_REUSEADDR (as every .NET listener does on Linux, the broker's included) can still bind it.
    /// A port that was only probed and released could be taken by another process before the child binds it.
    /// </summary>
    public static int Reserve()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(endPoint);
        using (var accepted = listener.Accept())
        {
            // The side that closes first is the one left in TIME_WAIT, and it must be the one holding the port.
            accepted.Close();
        }

        return endPoint.Port;
    }
}
