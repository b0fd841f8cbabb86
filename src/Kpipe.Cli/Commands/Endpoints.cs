using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kpipe.Cli.Commands;

/// <summary>Parses <c>HOST:PORT</c> as typed on the command line (IPv6 hosts in brackets).</summary>
internal static class Endpoints
{
    public static bool TrySplit(string text, out string host, out int port)
    {
        var colon = text.LastIndexOf(':');
        host = colon > 0 ? text[..colon].Trim('[', ']') : "";
        port = 0;
        return colon > 0 && host.Length > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
    }

    /// <summary>An address to bind: an IP literal, or a name resolved here (IPv4 preferred).</summary>
    public static IPEndPoint ParseListen(string text)
    {
        if (!TrySplit(text, out var host, out var port))
        {
            throw new UserException($"--listen '{text}' must be HOST:PORT, e.g. 127.0.0.1:9092");
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return new IPEndPoint(addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0], port);
        }
        catch (SocketException)
        {
            throw new UserException($"--listen host '{host}' does not resolve here; use an address such as 127.0.0.1 or 0.0.0.0");
        }
    }

    public static DnsEndPoint ParseAdvertised(string text) =>
        TrySplit(text, out var host, out var port) && port > 0
            ? new DnsEndPoint(host, port)
            : throw new UserException($"--advertised '{text}' must be HOST:PORT, e.g. kafka:9093");
}
