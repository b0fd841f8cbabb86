using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Kpipe.Broker.Security;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Server;

/// <summary>Accepts TCP connections and runs a <see cref="KafkaConnection"/> for each until the broker stops.</summary>
internal sealed class KafkaListener
{
    private readonly Socket _socket;
    private RequestDispatcher? _dispatcher;
    private readonly int _maxFrameBytes;
    private readonly ListenerSecurity _security;
    private readonly ConnectionLimits _limits;
    private readonly ConnectionGate _gate;
    private readonly PeerLog _peerLog;
    private readonly AcceptFailures _acceptFailures;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<KafkaListener> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, (Socket Socket, Task Task)> _connections = new();
    private long _nextConnectionId;
    private Task _acceptLoop = Task.CompletedTask;

    private KafkaListener(Socket socket, int maxFrameBytes, ConnectionLimits limits, ListenerSecurity security, ILoggerFactory loggerFactory)
    {
        _security = security;
        _socket = socket;
        _maxFrameBytes = maxFrameBytes;
        _limits = limits;
        _gate = new ConnectionGate(limits);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KafkaListener>();
        _peerLog = new PeerLog(limits.PeerLogInterval, _logger);
        _acceptFailures = new AcceptFailures(limits.PeerLogInterval, _logger);
    }

    /// <summary>Connections closed at accept because of max.connections or max.connections.per.ip.</summary>
    public long RefusedConnections => _gate.Refused;

    /// <summary>The address actually bound (the real port when asked for port 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Binds <paramref name="endPoint"/>; throws <see cref="SocketException"/> when it is taken.</summary>
    public static KafkaListener Bind(IPEndPoint endPoint, int maxFrameBytes, ConnectionLimits limits, ListenerSecurity security, ILoggerFactory loggerFactory)
    {
        limits.Validate();
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
            return new KafkaListener(socket, maxFrameBytes, limits, security, loggerFactory);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts accepting connections, each served by <paramref name="dispatcher"/>.</summary>
    public void Start(RequestDispatcher dispatcher)
    {
        _dispatcher = dispatcher;
        _acceptLoop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                try
                {
                    await Task.Delay(_acceptFailures.OnFailure(e.Message), token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            _acceptFailures.OnSuccess();

            if (Admit(client) is not { } address)
            {
                continue;
            }

            client.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new KafkaConnection(client, _dispatcher!, _maxFrameBytes, _limits, _peerLog, _loggerFactory.CreateLogger<KafkaConnection>(), _security);
            // Registered before it runs, so a connection that ends at once is still removed.
            var run = new Task<Task>(() => RunConnectionAsync(id, address, connection, token));
            _connections.TryAdd(id, (client, run.Unwrap()));
            run.Start(TaskScheduler.Default);
        }
    }

    // Refused connections are closed before anything is read from them: they cost one accept and one log count.
    private IPAddress? Admit(Socket client)
    {
        var peer = client.RemoteEndPoint as IPEndPoint;
        var address = peer?.Address ?? IPAddress.None;
        if (_gate.TryAdmit(address) is not { } refusal)
        {
            return address;
        }

        client.Dispose();
        _peerLog.Report(address.ToString(), peer?.ToString() ?? "unknown peer", "refused", refusal);
        return null;
    }

    private async Task RunConnectionAsync(long id, IPAddress address, KafkaConnection connection, CancellationToken token)
    {
        try
        {
            await connection.RunAsync(token).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(id, out _);
            _gate.Release(address);
        }
    }

    /// <summary>Stops accepting, closes every connection and waits for them to end.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var running = _connections.Values.ToArray();
        foreach (var (socket, _) in running)
        {
            socket.Dispose();
        }

        await Task.WhenAll(running.Select(c => c.Task)).ConfigureAwait(false);
        _peerLog.Dispose();
        _stopping.Dispose();
    }
}
