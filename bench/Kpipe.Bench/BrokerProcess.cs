using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kpipe.Bench;

/// <summary>The embedded broker run as a separate process through the root <c>kpipe</c> script, as users run it.</summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private BrokerProcess(Process process, string dataDirectory, int port, TimeSpan startToFirstAnswer)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Port = port;
        StartToFirstAnswer = startToFirstAnswer;
    }

    /// <summary>The port the broker listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Time from launching the process to the first answered ApiVersions request.</summary>
    public TimeSpan StartToFirstAnswer { get; }

    /// <summary>Resident memory now (VmRSS) in bytes.</summary>
    public long ResidentBytes => ReadStatusKb("VmRSS:") * 1024;

    /// <summary>Peak resident memory so far (VmHWM) in bytes.</summary>
    public long PeakResidentBytes => ReadStatusKb("VmHWM:") * 1024;

    /// <summary>CPU time (user + system) the broker process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts a broker on a free port with a fresh data directory and waits for its first ApiVersions answer.
    /// The CLI is run once beforehand so that a pending build is not counted as start-up time.
    /// </summary>
    public static async Task<BrokerProcess> StartAsync(string kpipeScript, string fsync = "interval")
    {
        using (var warmUp = Process.Start(new ProcessStartInfo(kpipeScript, "--version") { RedirectStandardOutput = true }))
        {
            if (warmUp is not null)
            {
                await warmUp.WaitForExitAsync();
            }
        }

        var dataDirectory = Directory.CreateTempSubdirectory("kpipe-bench-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo(kpipeScript)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "broker", "start", "--data-dir", dataDirectory, "--listen", $"127.0.0.1:{port}", "--fsync", fsync })
        {
            info.ArgumentList.Add(arg);
        }
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + kpipeScript);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!await TryApiVersionsAsync(port))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"broker exited with code {process.ExitCode} before answering");
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("broker did not answer ApiVersions within 60 s");
            }
            await Task.Delay(2);
        }
        return new BrokerProcess(process, dataDirectory, port, clock.Elapsed);
    }

    /// <summary>Stops the broker and deletes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    // A raw ApiVersions v0 probe: the benchmark times the broker's readiness, not a client's start-up.
    private static async Task<bool> TryApiVersionsAsync(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port);
            var request = new byte[4 + 2 + 2 + 4 + 2];
            BinaryPrimitives.WriteInt32BigEndian(request, request.Length - 4);
            BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(4), 18);
            BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(6), 0);
            BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), 1);
            BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(12), -1);
            await socket.SendAsync(request);
            var header = new byte[8];
            var read = 0;
            while (read < header.Length)
            {
                var n = await socket.ReceiveAsync(header.AsMemory(read));
                if (n == 0)
                {
                    return false;
                }
                read += n;
            }
            return BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)) == 1;
        }
        catch (SocketException)
        {
            return false;
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
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return -1;
    }
}
