using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kpipe.Pipeline.Tests.Enrichment.Support;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 and an ephemeral port that answers each request with what the test's handler
/// returns (one request per connection), and records when each request arrived.
/// </summary>
internal sealed class FakeIpInfoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, int, Task<FakeResponse>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _count;

    /// <param name="handler">Given the request target ("/8.8.8.8?token=T") and its 1-based number, the response.</param>
    public FakeIpInfoServer(Func<string, int, Task<FakeResponse>> handler)
    {
        _handler = handler;
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<(string Target, long ArrivedAt)> Requests { get; } = new();

    public static FakeResponse Json(string json) => new(200, json);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync(_stop.Token) ?? string.Empty;
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                }
                var target = requestLine.Split(' ') is [_, var t, ..] ? t : string.Empty;
                Requests.Enqueue((target, Stopwatch.GetTimestamp()));
                var response = await _handler(target, Interlocked.Increment(ref _count));
                var body = Encoding.UTF8.GetBytes(response.Body);
                var head = new StringBuilder()
                    .Append(CultureInvariant($"HTTP/1.1 {response.Status} {ReasonPhrase(response.Status)}\r\n"))
                    .Append("Content-Type: application/json; charset=utf-8\r\n")
                    .Append(CultureInvariant($"Content-Length: {body.Length}\r\n"))
                    .Append("Connection: close\r\n");
                foreach (var (name, value) in response.Headers ?? [])
                {
                    head.Append(name).Append(": ").Append(value).Append("\r\n");
                }
                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
