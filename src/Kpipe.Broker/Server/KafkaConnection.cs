using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Security;
using Microsoft.Extensions.Logging;

namespace Kpipe.Broker.Server;

/// <summary>
/// One client connection: frames requests off the socket, handles them one at a time in arrival order
/// (as Kafka does, so a parked long-poll Fetch holds the responses behind it), and batches responses
/// into few socket writes. Any protocol violation ends the read loop with a reason: the single exit
/// that closes the connection and logs one line. With TLS the bytes pass through an SslStream; with SASL
/// nothing but ApiVersions and the SASL requests is served until the client has authenticated.
/// </summary>
internal sealed partial class KafkaConnection(Socket socket, RequestDispatcher dispatcher, int maxFrameBytes, ConnectionLimits limits, PeerLog peerLog, ILogger logger, ListenerSecurity security)
{
    private const int MinimumFrameBytes = 10; // api key, version, correlation id, client id length
    private const int FlushThresholdBytes = 1024 * 1024;
    private static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly SaslSession? _sasl = security.Sasl is { } authenticator ? new SaslSession(authenticator) : null;

    private readonly string _remote = socket.RemoteEndPoint?.ToString() ?? "unknown peer";
    private readonly string _address = (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "unknown peer";

    // Kafka's client_host as group descriptions show it: "/" and the peer's address.
    private readonly string _clientHost = socket.RemoteEndPoint is System.Net.IPEndPoint peer ? "/" + peer.Address : "";

    /// <summary>Serves the connection until the peer leaves, breaks the protocol, or the broker stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? closeReason = null;
        await using var network = new NetworkStream(socket, ownsSocket: true);
        await using var stream = await SecureAsync(network, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return;
        }

        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        using var output = new KafkaWriter(64 * 1024);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (closeReason is null)
            {
                // Only the wait for the next request counts as idle: a parked long-poll Fetch is not under this token.
                idle.CancelAfter(limits.MaxIdle);
                var result = await input.ReadAsync(idle.Token).ConfigureAwait(false);
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                var buffer = result.Buffer;
                var taken = 0;
                while (closeReason is null && taken < limits.QueuedMaxRequests && TryTakeFrame(ref buffer, out var frame, out var length, out closeReason))
                {
                    taken++;
                    try
                    {
                        closeReason = await HandleFrameAsync(frame.AsMemory(0, length), output, stream, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(frame);
                    }
                }

                await FlushAsync(output, stream, cancellationToken).ConfigureAwait(false);
                if (taken == limits.QueuedMaxRequests)
                {
                    // Frames are left in the buffer: the next read returns them at once instead of waiting for more.
                    input.AdvanceTo(buffer.Start);
                    continue;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty && closeReason is null)
                    {
                        closeReason = $"peer closed the connection in the middle of a frame ({buffer.Length} bytes pending)";
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The broker is stopping.
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested)
        {
            LogPeerGone(_remote, $"idle for {limits.MaxIdle.TotalMilliseconds:0} ms (connections.max.idle.ms)");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            LogPeerGone(_remote, e.Message);
        }
        catch (Exception e)
        {
            closeReason = $"unexpected error: {e}";
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }

        if (closeReason is not null)
        {
            peerLog.Report(_address, _remote, "closed", closeReason);
        }
    }

    // The TLS handshake, bounded in time so a peer that never finishes it does not hold the connection; null when it failed.
    private async Task<Stream?> SecureAsync(NetworkStream network, CancellationToken cancellationToken)
    {
        if (security.Tls is not { } tls)
        {
            return network;
        }

        var ssl = new SslStream(network, leaveInnerStreamOpen: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TlsHandshakeTimeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(tls, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
            {
                peerLog.Report(_address, _remote, "closed", $"TLS handshake failed: {(e is OperationCanceledException ? "no handshake within " + TlsHandshakeTimeout.TotalSeconds + " s" : e.Message)}");
            }

            return null;
        }
    }

    private bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out byte[] frame, out int length, out string? error)
    {
        frame = [];
        length = 0;
        error = null;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        // After a v0 SaslHandshake the frames are raw SASL tokens, which may be shorter than a request header.
        var minimum = _sasl is { ExpectsRawTokens: true } ? 0 : MinimumFrameBytes;
        if (length < minimum || length > maxFrameBytes)
        {
            error = length > maxFrameBytes
                ? $"request frame of {length} bytes exceeds the limit of {maxFrameBytes} bytes (socket.request.max.bytes)"
                : $"request frame size {length} is too small to hold a request header";
            return false;
        }

        if (buffer.Length < 4L + length)
        {
            return false;
        }

        frame = ArrayPool<byte>.Shared.Rent(length);
        buffer.Slice(4, length).CopyTo(frame);
        buffer = buffer.Slice(4L + length);
        return true;
    }

    private async ValueTask<string?> HandleFrameAsync(ReadOnlyMemory<byte> frame, KafkaWriter output, Stream stream, CancellationToken cancellationToken)
    {
        if (_sasl is { ExpectsRawTokens: true })
        {
            return HandleRawSaslToken(frame.Span, output);
        }

        if (!TryReadHeader(frame, out var header, out var bodyStart))
        {
            return "malformed request header";
        }

        if (_sasl is { IsAuthenticated: false } && header.ApiKey is not (ApiKey.ApiVersions or ApiKey.SaslHandshake or ApiKey.SaslAuthenticate))
        {
            return $"{header.ApiKey} request before SASL authentication (client '{header.ClientId}'); this listener is {security.Protocol}";
        }

        var pending = dispatcher.DispatchAsync(header, frame[bodyStart..], output, _clientHost, _sasl, cancellationToken);
        if (!pending.IsCompleted)
        {
            // A parked request (long-poll Fetch) must not hold back the responses already produced.
            await FlushAsync(output, stream, cancellationToken).ConfigureAwait(false);
        }

        var result = await pending.ConfigureAwait(false);
        if (output.Length >= FlushThresholdBytes)
        {
            await FlushAsync(output, stream, cancellationToken).ConfigureAwait(false);
        }

        if (_sasl?.Failure is { } failure)
        {
            return $"SASL authentication failed (client '{header.ClientId}'): {failure}";
        }

        return result switch
        {
            DispatchResult.MalformedRequest => $"malformed {header.ApiKey} v{header.ApiVersion} request (correlation id {header.CorrelationId}, client '{header.ClientId}')",
            DispatchResult.UnsupportedRequest => $"unsupported request: api key {(short)header.ApiKey} version {header.ApiVersion} is not served (client '{header.ClientId}'); see docs/COMPAT.md",
            _ => null,
        };
    }

    // The pre-KIP-152 flow: a raw token in, a raw size-prefixed token out; a refused token just closes, as Kafka does.
    private string? HandleRawSaslToken(ReadOnlySpan<byte> token, KafkaWriter output)
    {
        var step = _sasl!.Authenticate(token);
        if (step.ErrorCode != ErrorCode.None)
        {
            return $"SASL authentication failed: {step.ErrorMessage}";
        }

        output.WriteNullableBytes(step.ServerToken, compact: false);
        return null;
    }

    private static bool TryReadHeader(ReadOnlyMemory<byte> frame, out RequestHeader header, out int bodyStart)
    {
        var reader = new KafkaReader(frame);
        header = RequestHeader.Read(ref reader);
        bodyStart = reader.Position;
        return !reader.Failed;
    }

    private static async ValueTask FlushAsync(KafkaWriter output, Stream stream, CancellationToken cancellationToken)
    {
        if (output.Length == 0)
        {
            return;
        }

        await stream.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
        output.Clear();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "connection from {Remote} ended: {Reason}")]
    private partial void LogPeerGone(string remote, string reason);
}
