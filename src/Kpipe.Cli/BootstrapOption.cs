using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace Kpipe.Cli;

/// <summary>
/// The shared <c>--bootstrap</c> option. A host name that does not resolve here (the original stack's <c>kafka:9093</c>)
/// is mapped to the local broker, with one line on stderr saying so, so the original make variables keep working.
/// The local broker is <c>localhost:9092</c> unless <c>KPIPE_LOCAL_BROKER</c> names another address.
/// </summary>
internal static class BootstrapOption
{
    public const string LocalBroker = "localhost:9092";
    public const string LocalBrokerVariable = "KPIPE_LOCAL_BROKER";

    public static Option<string> Create() => new("--bootstrap")
    {
        Description = "Kafka bootstrap servers, host:port[,host:port]; unresolvable hosts map to " + LocalBroker,
        Recursive = true,
        DefaultValueFactory = _ => LocalBroker,
        CustomParser = result => Map(result.Tokens.Count == 0 ? LocalBroker : result.Tokens[^1].Value, Console.Error),
    };

    public static string Map(string bootstrap, TextWriter notices)
    {
        var servers = bootstrap.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (servers.Length == 0 || servers.Any(Resolves))
        {
            return bootstrap;
        }

        var local = Environment.GetEnvironmentVariable(LocalBrokerVariable) is { Length: > 0 } configured ? configured : LocalBroker;
        notices.WriteLine($"kpipe: '{bootstrap}' does not resolve here; using the local broker {local}");
        return local;
    }

    private static bool Resolves(string server)
    {
        var colon = server.LastIndexOf(':');
        var host = (colon > 0 ? server[..colon] : server).Trim('[', ']');
        if (IPAddress.TryParse(host, out _))
        {
            return true;
        }

        try
        {
            return Dns.GetHostAddresses(host).Length > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
