using System.CommandLine;
using System.Globalization;
using Kpipe.Broker;

namespace Kpipe.Cli.Commands;

/// <summary>The broker's limits on what a client may push (frame size, connections, idle time, requests per read) as command-line flags.</summary>
internal sealed class LimitOptions
{
    private static readonly ConnectionLimits Defaults = new();

    private readonly Option<int> _maxFrameBytes = Positive("--socket-request-max-bytes", "Largest request frame in bytes; a larger one closes the connection (socket.request.max.bytes)", new BrokerOptions { DataDirectory = "" }.MaxFrameBytes);
    private readonly Option<int> _maxConnections = Positive("--max-connections", "Most open client connections; more are closed at accept (max.connections)", Defaults.MaxConnections);
    private readonly Option<int> _maxPerIp = Positive("--max-connections-per-ip", "Most open connections from one address (max.connections.per.ip)", Defaults.MaxConnectionsPerIp);
    private readonly Option<int> _idleMs = Positive("--connections-max-idle-ms", "Close a connection idle this long (connections.max.idle.ms)", (int)Defaults.MaxIdle.TotalMilliseconds);
    private readonly Option<int> _queued = Positive("--queued-max-requests", "Requests a connection takes from one read before answering them and reading again (queued.max.requests)", Defaults.QueuedMaxRequests);

    /// <summary>Every flag, to add to a command.</summary>
    public IEnumerable<Option> All => [_maxFrameBytes, _maxConnections, _maxPerIp, _idleMs, _queued];

    /// <summary>Sets the parsed limits on <paramref name="options"/>.</summary>
    public BrokerOptions Apply(ParseResult parse, BrokerOptions options) => options with
    {
        MaxFrameBytes = parse.GetValue(_maxFrameBytes),
        Connections = options.Connections with
        {
            MaxConnections = parse.GetValue(_maxConnections),
            MaxConnectionsPerIp = parse.GetValue(_maxPerIp),
            MaxIdle = TimeSpan.FromMilliseconds(parse.GetValue(_idleMs)),
            QueuedMaxRequests = parse.GetValue(_queued),
        },
    };

    /// <summary>The flags as given, to pass on to a background <c>kpipe broker start</c>.</summary>
    public IEnumerable<string> Arguments(ParseResult parse) =>
        All.Cast<Option<int>>().Where(o => parse.GetResult(o) is { Implicit: false })
            .SelectMany(o => new[] { o.Name, parse.GetValue(o).ToString(CultureInfo.InvariantCulture) });

    private static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be at least 1");
            }
        });
        return option;
    }
}
