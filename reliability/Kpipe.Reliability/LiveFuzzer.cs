using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Kpipe.Broker.Protocol;
using Kpipe.Testing.Fuzzing;

namespace Kpipe.Reliability;

/// <summary>
/// Sends mutated frames to a broker over many connections. Each frame is followed by an ApiVersions sentinel, so a frame
/// that legitimately gets no answer (a Produce with acks=0) is told apart from one the broker never finished: every frame
/// must end in the sentinel's answer or a closed connection within the timeout.
/// </summary>
public sealed class LiveFuzzer(FrameMutator mutator, int port, TimeSpan timeout)
{
    private const int SentinelCorrelationId = 0x5E471E1;
    private static readonly byte[] Sentinel = [0, 0, 0, 10, 0, 18, 0, 0, 0x05, 0xE4, 0x71, 0xE1, 0xFF, 0xFF];

    private long _answered;
    private long _closed;
    private long _parked;
    private long _connections;
    private long _failedConnects;
    private readonly List<string> _hangs = [];

    /// <summary>Frames whose sentinel was answered on the same connection.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Frames after which the broker closed the connection.</summary>
    public long Closed => Interlocked.Read(ref _closed);

    /// <summary>Well-formed Fetch, JoinGroup or SyncGroup frames still waiting at the timeout, as the (mutated) request asked.</summary>
    public long Parked => Interlocked.Read(ref _parked);

    /// <summary>Connection attempts reset or refused by the kernel before the broker accepted them (retried).</summary>
    public long FailedConnects => Interlocked.Read(ref _failedConnects);

    /// <summary>Connections opened.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Frames that got neither an answer nor a close within the timeout (and were not a request that may wait).</summary>
    public IReadOnlyList<string> Hangs
    {
        get
        {
            lock (_hangs)
            {
                return [.. _hangs];
            }
        }
    }

    /// <summary>Sends frames 0 to <paramref name="frames"/> - 1 of the mutator's run over <paramref name="workers"/> connections at a time.</summary>
    public async Task RunAsync(long frames, int workers, CancellationToken cancellationToken)
    {
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            Socket? socket = null;
            try
            {
                for (var index = Interlocked.Increment(ref next); index < frames; index = Interlocked.Increment(ref next))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    socket ??= await ConnectAsync(cancellationToken);

                    var frame = mutator.Next(index);
                    if (!await SendAndAwaitAsync(socket, frame, cancellationToken))
                    {
                        socket.Dispose();
                        socket = null;
                    }
                }
            }
            finally
            {
                socket?.Dispose();
            }
        }, cancellationToken)));
    }

    // A connect the kernel resets (the accept backlog overflowing under the flood) is retried, and counted.
    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                Interlocked.Increment(ref _connections);
                return socket;
            }
            catch (SocketException) when (attempt < 10)
            {
                socket.Dispose();
                Interlocked.Increment(ref _failedConnects);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    // True while the connection is still usable.
    private async Task<bool> SendAndAwaitAsync(Socket socket, MutatedFrame frame, CancellationToken cancellationToken)
    {
        var payload = new byte[4 + frame.Bytes.Length + Sentinel.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, frame.Bytes.Length);
        frame.Bytes.CopyTo(payload, 4);
        Sentinel.CopyTo(payload, 4 + frame.Bytes.Length);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.SendAsync(payload, deadline.Token);
            while (true)
            {
                var correlationId = await ReadResponseAsync(socket, deadline.Token);
                if (correlationId is null)
                {
                    Interlocked.Increment(ref _closed);
                    return false;
                }

                if (correlationId == SentinelCorrelationId)
                {
                    Interlocked.Increment(ref _answered);
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (MayWait(frame.Bytes))
            {
                Interlocked.Increment(ref _parked);
            }
            else
            {
                lock (_hangs)
                {
                    _hangs.Add(frame.ToString());
                }
            }

            return false;
        }
        catch (SocketException)
        {
            // A reset instead of an orderly close: the broker closed on unread input.
            Interlocked.Increment(ref _closed);
            return false;
        }
    }

    private static bool MayWait(byte[] frame) =>
        frame.Length >= 2
        && (ApiKey)BinaryPrimitives.ReadInt16BigEndian(frame) is ApiKey.Fetch or ApiKey.JoinGroup or ApiKey.SyncGroup
        && DecoderFuzzer.Decode(frame) == DecodeOutcome.Decoded;

    // The correlation id of the next response, or null when the broker closed the connection.
    private static async Task<int?> ReadResponseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new byte[8];
        if (!await ReadExactlyAsync(socket, head, cancellationToken))
        {
            return null;
        }

        var rest = BinaryPrimitives.ReadInt32BigEndian(head) - 4;
        var body = new byte[Math.Max(0, rest)];
        return await ReadExactlyAsync(socket, body, cancellationToken) ? BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(4)) : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
