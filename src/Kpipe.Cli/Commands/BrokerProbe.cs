using System.Buffers.Binary;
using System.Net.Sockets;

namespace Kpipe.Cli.Commands;

/// <summary>
/// Tells within <see cref="Timeout"/> whether a Kafka broker answers at a bootstrap list, before a command hands it to
/// a Kafka client that would retry for its whole request timeout. It asks only for ApiVersions, which a busy broker
/// still answers at once, so a broker slow to serve big requests is not failed here.
/// </summary>
internal static class BrokerProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const short ApiVersionsKey = 18;
    private const int CorrelationId = 0x6b706970;
    private const int MaxResponseBytes = 1024 * 1024;
    private static readonly byte[] ClientId = "kpipe-probe"u8.ToArray();

    /// <summary>
    /// Throws the one-line user message when the Kafka client rejects <paramref name="settings"/> (checked first: it is
    /// the user's first problem to fix) or when no server of <paramref name="bootstrapServers"/> answers.
    /// </summary>
    public static async Task EnsureReachableAsync(string bootstrapServers, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        KafkaSettingsCheck.Validate(bootstrapServers, settings);
        var message = await WhyUnreachableAsync(bootstrapServers, settings, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (message is not null)
        {
            throw new UserException(message);
        }
    }

    /// <summary>Null when a server accepted a connection, the list cannot be probed or the probe was cancelled; else the message to show.</summary>
    public static async Task<string?> WhyUnreachableAsync(string bootstrapServers, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        // Behind TLS (SSL, SASL_SSL) a plain request gets no answer: there, accepting a connection is what can be told.
        var askKafka = !(settings.TryGetValue("security.protocol", out var protocol) && protocol.Contains("SSL", StringComparison.OrdinalIgnoreCase));
        var servers = bootstrapServers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var endpoints = servers.Select(s => Endpoints.TrySplit(s, out var host, out var port) ? (host, port) : ((string Host, int Port)?)null).ToList();
        if (endpoints.Count == 0 || endpoints.Any(e => e is null))
        {
            // Not host:port (a listener-prefixed address, say): the Kafka client reports what it makes of it.
            return null;
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(Timeout);
        var pending = endpoints.Select(e => AskAsync(e!.Value.Host, e.Value.Port, askKafka, attempt.Token)).ToList();
        string? problem = null;
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            problem = await done;
            if (problem is null)
            {
                await attempt.CancelAsync();
                return null;
            }
        }

        return cancellationToken.IsCancellationRequested ? null : Unreachable(bootstrapServers, problem);
    }

    /// <summary>The message for a bootstrap list where no broker answered, with what to do about it.</summary>
    public static string Unreachable(string bootstrapServers, string? detail) =>
        $"no broker answered at {bootstrapServers}{(detail is null ? "" : $" ({detail})")}; " +
        "start one with 'make start_cluster' or 'kpipe cluster start', or check --bootstrap";

    private static async Task<string?> AskAsync(string host, int port, bool askKafka, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            return askKafka ? await ApiVersionsAsync(client.GetStream(), cancellationToken) : null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host '{host}' not found",
                _ => e.Message,
            };
        }
        catch (IOException)
        {
            return "the connection was closed without an answer";
        }
        catch (OperationCanceledException)
        {
            return client.Connected
                ? $"a connection was accepted but no Kafka answer came within {Timeout.TotalSeconds:0} s"
                : $"nothing accepted a connection within {Timeout.TotalSeconds:0} s";
        }
    }

    // ApiVersions v0 is what every Kafka client sends first, and brokers serve it before authentication; a port that
    // answers it with its correlation id speaks Kafka. Its answer is small, so a busy broker gives it at once.
    private static async Task<string?> ApiVersionsAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var request = new byte[4 + 2 + 2 + 4 + 2 + ClientId.Length];
        BinaryPrimitives.WriteInt32BigEndian(request, request.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(4), ApiVersionsKey);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(6), 0);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), CorrelationId);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(12), (short)ClientId.Length);
        ClientId.CopyTo(request.AsSpan(14));
        await stream.WriteAsync(request, cancellationToken);

        var response = new byte[8];
        await stream.ReadExactlyAsync(response, cancellationToken);
        var size = BinaryPrimitives.ReadInt32BigEndian(response);
        return size is >= 4 and <= MaxResponseBytes && BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(4)) == CorrelationId
            ? null
            : "something answered there, but not as a Kafka broker; is it the right port?";
    }
}
