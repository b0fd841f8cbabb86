using System.Net;
using System.Net.Sockets;

namespace Kpipe.Broker.Tests.Producers;

/// <summary>
/// A TCP proxy for tests that holds back what the server sends by <see cref="ResponseDelay"/>, and can cut every
/// connection (<see cref="DropConnections"/>), so a client retries requests the server has already acted on.
/// Requests pass through at once.
/// </summary>
internal sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<IPEndPoint> _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly List<CancellationTokenSource> _open = [];
    private readonly Lock _lock = new();
    private readonly Task _acceptLoop;
    private int _connections;

    /// <summary>Listens at once; <paramref name="upstream"/> is asked for the server's address at each new connection.</summary>
    public DelayingProxy(Func<IPEndPoint> upstream)
    {
        _upstream = upstream;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The address clients dial.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>How long each chunk from the server is held before the client gets it.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Client connections accepted so far (a client that gave up on a connection opens a new one).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Closes every open connection, dropping the responses still held back.</summary>
    public void DropConnections()
    {
        lock (_lock)
        {
            foreach (var connection in _open)
            {
                connection.Cancel();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] running;
        lock (_lock)
        {
            running = [.. _tasks, _acceptLoop];
        }

        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            lock (_lock)
            {
                _tasks.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        using var _ = client;
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        lock (_lock)
        {
            _open.Add(connection);
        }

        try
        {
            await server.ConnectAsync(_upstream(), connection.Token);
            var toServer = PumpAsync(client.GetStream(), server.GetStream(), delayed: false, connection.Token);
            var toClient = PumpAsync(server.GetStream(), client.GetStream(), delayed: true, connection.Token);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // Either side went away; closing both ends is all a proxy can do.
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(connection);
            }

            await connection.CancelAsync();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool delayed, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                var delay = ResponseDelay;
                if (delayed && delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The other pump or the test closed the connection.
        }
    }
}
