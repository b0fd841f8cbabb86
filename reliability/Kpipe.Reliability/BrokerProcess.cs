using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kpipe.Reliability;

/// <summary>
/// The embedded broker run as a separate process through the root <c>kpipe</c> script, on a data directory that
/// outlives it, so a scenario can SIGKILL it and start it again on the same data.
/// </summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private BrokerProcess(Process process, int port, ConcurrentQueue<string> log)
    {
        _process = process;
        Port = port;
        _log = log;
    }

    /// <summary>The port the broker listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>"127.0.0.1:port", for clients' bootstrap.servers.</summary>
    public string Bootstrap => $"127.0.0.1:{Port}";

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Every line the broker wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> LogLines => _log;

    /// <summary>Resident memory now (VmRSS) in bytes, or -1 once the process has ended.</summary>
    public long ResidentBytes => ReadStatusKb("VmRSS:") * 1024;

    /// <summary>
    /// Starts <c>kpipe broker start</c> on <paramref name="dataDirectory"/> and <paramref name="port"/> (0: a free one)
    /// with <paramref name="extraArgs"/>, and waits until it answers ApiVersions.
    /// </summary>
    public static async Task<BrokerProcess> StartAsync(Campaign campaign, string dataDirectory, int port = 0, params string[] extraArgs)
    {
        port = port == 0 ? FreePort() : port;
        var info = new ProcessStartInfo(campaign.KpipeScript)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "broker", "start", "--data-dir", dataDirectory, "--listen", $"127.0.0.1:{port}" }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var log = new ConcurrentQueue<string>();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + campaign.KpipeScript);
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new BrokerProcess(process, port, log);
        var clock = Stopwatch.StartNew();
        while (!await AnswersApiVersionsAsync(port))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"broker exited with code {process.ExitCode} before answering: {string.Join(" | ", log.TakeLast(5))}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(120))
            {
                await broker.KillAsync();
                throw new TimeoutException("broker did not answer ApiVersions within 120 s");
            }

            await Task.Delay(10);
        }

        return broker;
    }

    /// <summary>SIGKILLs the broker (no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the broker to stop (SIGTERM, as Ctrl-C or a service manager would) and waits for a clean exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"broker did not stop within {timeout.TotalSeconds} s of SIGTERM");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the broker if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    /// <summary>True when a raw ApiVersions v0 request on <paramref name="port"/> gets its answer.</summary>
    public static async Task<bool> AnswersApiVersionsAsync(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var request = new byte[4 + 2 + 2 + 4 + 2];
            BinaryPrimitives.WriteInt32BigEndian(request, request.Length - 4);
            BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(4), 18);
            BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(6), 0);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), 1);
            BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(12), -1);
            await socket.SendAsync(request, timeout.Token);
            var header = new byte[8];
            var read = 0;
            while (read < header.Length)
            {
                var n = await socket.ReceiveAsync(header.AsMemory(read), timeout.Token);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)) == 1;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static void Keep(ConcurrentQueue<string> log, string? line)
    {
        if (line is not null)
        {
            log.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private long ReadStatusKb(string field)
    {
        var path = $"/proc/{_process.Id}/status";
        if (_process.HasExited || !File.Exists(path))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
