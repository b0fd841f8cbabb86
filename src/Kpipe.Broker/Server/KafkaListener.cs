using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Kpipe.Broker.Security;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Server;

/// <summary>Accepts TCP connections and runs a <see cref="KafkaConnection"/> for each until the broker stops.</summary>
internal sealed partial class KafkaListener
{
    private readonly Socket _socket;
    private RequestDispatcher? _dispatcher;
    private readonly int _maxFrameBytes;
    private readonly ListenerSecurity _security;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<KafkaListener> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, (Socket Socket, Task Task)> _connections = new();
    private long _nextConnectionId;
    private Task _acceptLoop = Task.CompletedTask;

    private KafkaListener(Socket socket, int maxFrameBytes, ListenerSecurity security, ILoggerFactory loggerFactory)
    {
        _security = security;
        _socket = socket;
        _maxFrameBytes = maxFrameBytes;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KafkaListener>();
    }

    /// <summary>The address actually bound (the real port when asked for port 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Binds <paramref name="endPoint"/>; throws <see cref="SocketException"/> when it is taken.</summary>
    public static KafkaListener Bind(IPEndPoint endPoint, int maxFrameBytes, ListenerSecurity security, ILoggerFactory loggerFactory)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
            return new KafkaListener(socket, maxFrameBytes, security, loggerFactory);
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
                LogAcceptFailed(e.Message);
                continue;
            }

            client.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = new KafkaConnection(client, _dispatcher!, _maxFrameBytes, _loggerFactory.CreateLogger<KafkaConnection>(), _security);
            // Registered before it runs, so a connection that ends at once is still removed.
            var run = new Task<Task>(() => RunConnectionAsync(id, connection, token));
            _connections.TryAdd(id, (client, run.Unwrap()));
            run.Start(TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(long id, KafkaConnection connection, CancellationToken token)
    {
        try
        {
            await connection.RunAsync(token).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(id, out _);
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
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "accepting a connection failed: {Reason}")]
    private partial void LogAcceptFailed(string reason);
}
