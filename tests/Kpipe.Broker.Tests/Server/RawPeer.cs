using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Tests.Protocol;

namespace Kpipe.Broker.Tests.Server;

/// <summary>A scripted Kafka peer over a raw socket, for inputs no real client produces on demand.</summary>
public sealed class RawPeer : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _client = new() { NoDelay = true };
    private NetworkStream _stream = null!;

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var peer = new RawPeer();
        await peer._client.ConnectAsync(endPoint);
        peer._stream = peer._client.GetStream();
        return peer;
    }

    /// <summary>Builds a framed request: size, header (v1 or v2), body written by <paramref name="body"/>.</summary>
    public static byte[] Frame(ApiKey key, short version, int correlationId, Action<KafkaWriter, short> body)
    {
        using var writer = new KafkaWriter();
        var at = writer.ReserveInt32();
        new RequestHeader(key, version, correlationId, "raw-peer").Write(writer, ApiRegistry.IsFlexibleRequest(key, version));
        body(writer, version);
        writer.PatchInt32(at, writer.Length - 4);
        return writer.WrittenMemory.ToArray();
    }

    public async Task SendAsync(params byte[][] frames)
    {
        await _stream.WriteAsync(frames.SelectMany(f => f).ToArray());
    }

    public void ShutdownSend() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Reads one response frame and returns its correlation id and the bytes after it.</summary>
    public async Task<(int CorrelationId, byte[] Body)> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var size = new byte[4];
        await _stream.ReadExactlyAsync(size, cts.Token);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await _stream.ReadExactlyAsync(frame, cts.Token);
        return (BinaryPrimitives.ReadInt32BigEndian(frame), frame[4..]);
    }

    /// <summary>Reads one raw size-prefixed SASL token (the pre-KIP-152 flow, no response header).</summary>
    public async Task<byte[]> ReceiveRawTokenAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var size = new byte[4];
        await _stream.ReadExactlyAsync(size, cts.Token);
        var token = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await _stream.ReadExactlyAsync(token, cts.Token);
        return token;
    }

    /// <summary>True when the broker closes the connection (read returns end of stream) within the timeout.</summary>
    public async Task<bool> IsClosedByBrokerAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var buffer = new byte[256];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
