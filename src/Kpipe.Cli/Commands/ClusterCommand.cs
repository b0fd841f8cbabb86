using System.Collections.ObjectModel;
using System.CommandLine;
using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Kpipe.Cli.Logging;
using Kpipe.Pipeline.Kafka;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe cluster start|stop|status</c>: the embedded broker as a background process with a pid file and a log.</summary>
internal static class ClusterCommand
{
    private const string DefaultDataDirectory = ".kpipe/data";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    public static Command Create(Option<string> bootstrap)
    {
        var start = StartCommand();

        var stopDataDir = DataDirOption();
        var stop = new Command("stop", "Stop the background broker (SIGTERM, then SIGKILL after 15 s)") { stopDataDir };
        stop.SetAction((parse, ct) => StopAsync(new ClusterFiles(parse.GetValue(stopDataDir)!), ct));

        var statusDataDir = DataDirOption();
        var status = new Command("status", "Say whether the background broker runs, where, and its topics") { statusDataDir };
        status.SetAction((parse, ct) => StatusAsync(new ClusterFiles(parse.GetValue(statusDataDir)!), parse.GetValue(bootstrap)!, ct));

        return new Command("cluster", "Run the embedded broker in the background") { start, stop, status };
    }

    private static Option<string> DataDirOption() =>
        new("--data-dir") { Description = "Broker data directory; pid and log files go in its parent", DefaultValueFactory = _ => DefaultDataDirectory };

    private static Command StartCommand()
    {
        var dataDir = DataDirOption();
        var listen = new Option<string>("--listen") { Description = "Address to bind, HOST:PORT", DefaultValueFactory = _ => BrokerCommand.DefaultListen };
        var advertised = new Option<string?>("--advertised") { Description = "HOST:PORT clients are told to dial" };
        var fsync = new Option<string>("--fsync") { Description = "never, interval or always", DefaultValueFactory = _ => "interval" };
        fsync.AcceptOnlyFromAmong("never", "interval", "always");
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the broker to answer", DefaultValueFactory = _ => 30 };
        var nodeId = NodeIdOption.Create();
        var limits = new LimitOptions();
        var start = new Command("start", "Start the broker in the background and wait until it answers") { dataDir, listen, advertised, fsync, timeout, nodeId };
        var security = new BrokerSecurityOptions();
        security.AddTo(start);
        limits.All.ToList().ForEach(start.Options.Add);
        start.SetAction((parse, ct) =>
        {
            var arguments = new List<string> { "broker", "start", "--data-dir", Path.GetFullPath(parse.GetValue(dataDir)!), "--listen", parse.GetValue(listen)!, "--fsync", parse.GetValue(fsync)! };
            arguments.AddRange(["--node-id", parse.GetValue(nodeId).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (parse.GetValue(advertised) is { } name)
            {
                arguments.AddRange(["--advertised", name]);
            }

            arguments.AddRange(security.Arguments(parse));
            arguments.AddRange(limits.Arguments(parse));
            arguments.AddRange(LogOptions.Arguments(parse));

            return StartAsync(new ClusterFiles(parse.GetValue(dataDir)!), Endpoints.ParseListen(parse.GetValue(listen)!), arguments,
                TimeSpan.FromSeconds(parse.GetValue(timeout)), security.AnySecurity(parse), ct);
        });
        return start;
    }

    private static async Task<int> StartAsync(ClusterFiles files, System.Net.IPEndPoint listen, List<string> brokerArguments, TimeSpan timeout, bool secured, CancellationToken cancellationToken)
    {
        if (files.RunningPid() is { } running)
        {
            throw new UserException($"a broker already runs (pid {running}, {files.Address()}); see 'kpipe cluster status' or stop it with 'kpipe cluster stop'");
        }

        Directory.CreateDirectory(files.DataDirectory);
        var host = listen.Address.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : listen.Address.Equals(System.Net.IPAddress.IPv6Any) ? "[::1]" : listen.Address.ToString();
        var address = listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !host.StartsWith('[') ? $"[{host}]:{listen.Port}" : $"{host}:{listen.Port}";
        using var process = Process.Start(BackgroundStart(files.LogFile, brokerArguments))
            ?? throw new UserException("could not start the broker process");
        files.Record(process.Id, address);

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                files.Clear();
                var tail = files.LogTail(5);
                throw new UserException($"the broker exited before answering (exit code {process.ExitCode}); from {files.LogFile}:{Environment.NewLine}{tail}");
            }

            if (secured ? Accepts(address) : Answers(address))
            {
                Console.WriteLine($"Broker running at {address} (pid {process.Id}); log {files.LogFile}");
                return ExitCodes.Success;
            }

            if (deadline.Elapsed > timeout)
            {
                Signals.Send(process.Id, Signals.Kill);
                files.Clear();
                throw new UserException($"the broker did not answer at {address} within {timeout.TotalSeconds:0} s; see {files.LogFile}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static ProcessStartInfo BackgroundStart(string logFile, List<string> brokerArguments)
    {
        // setsid puts the broker in its own session so the terminal's Ctrl-C does not reach it; sh sends its output to
        // the log before exec, so the broker holds none of our pipes and keeps this pid.
        var info = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/sh") { UseShellExecute = false };
        if (info.FileName != "/bin/sh")
        {
            info.ArgumentList.Add("/bin/sh");
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" </dev/null >>\"$KPIPE_BROKER_LOG\" 2>&1");
        info.ArgumentList.Add("kpipe-broker");
        foreach (var part in SelfCommand().Concat(brokerArguments))
        {
            info.ArgumentList.Add(part);
        }

        info.Environment["KPIPE_BROKER_LOG"] = logFile;
        return info;
    }

    private static IEnumerable<string> SelfCommand()
    {
        var host = Environment.ProcessPath ?? throw new UserException("cannot tell which executable runs kpipe");
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, typeof(ClusterCommand).Assembly.Location] : [host];
    }

    private static bool Answers(string address)
    {
        using var admin = new AdminClientBuilder(KafkaConfigs.Probe(address))
            .SetLogHandler((_, _) => { })
            .Build();
        try
        {
            return admin.GetMetadata(TimeSpan.FromSeconds(1)).Brokers.Count > 0;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    // A broker that requires SASL or TLS refuses a plain metadata probe; that it accepts connections is what can be told.
    private static bool Accepts(string address)
    {
        if (!Endpoints.TrySplit(address, out var host, out var port))
        {
            return false;
        }

        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            client.Connect(host, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task<int> StopAsync(ClusterFiles files, CancellationToken cancellationToken)
    {
        if (files.RunningPid() is not { } pid)
        {
            Console.WriteLine("No broker is running (no live pid in " + files.PidFile + ")");
            return ExitCodes.Success;
        }

        Signals.Send(pid, Signals.Terminate);
        var waited = Stopwatch.StartNew();
        while (ClusterFiles.IsAlive(pid) && waited.Elapsed < StopTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        var killed = false;
        if (ClusterFiles.IsAlive(pid))
        {
            Signals.Send(pid, Signals.Kill);
            killed = true;
        }

        files.Clear();
        Console.WriteLine(killed
            ? $"Broker (pid {pid}) did not stop within {StopTimeout.TotalSeconds:0} s and was killed"
            : $"Broker stopped (pid {pid})");
        return ExitCodes.Success;
    }

    private static async Task<int> StatusAsync(ClusterFiles files, string bootstrap, CancellationToken cancellationToken)
    {
        if (files.RunningPid() is not { } pid)
        {
            Console.WriteLine("Broker: not running");
            return ExitCodes.Failure;
        }

        var address = files.Address() ?? bootstrap;
        Console.WriteLine($"Broker: running at {address} (pid {pid}), data {files.DataDirectory}, log {files.LogFile}");
        await BrokerProbe.EnsureReachableAsync(address, ReadOnlyDictionary<string, string>.Empty, cancellationToken);
        using var admin = KafkaAdmin.Connect(address, ReadOnlyDictionary<string, string>.Empty);
        var metadata = KafkaAdmin.Metadata(admin, address);
        var partitions = metadata.Topics
            .Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal) && !t.Error.IsError)
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId)))
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)
            .ToList();
        var ends = partitions.Count == 0
            ? []
            : (await admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }),
                new ListOffsetsOptions { RequestTimeout = KafkaAdmin.Timeout }).WaitAsync(cancellationToken)).ResultInfos
                .ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
        var table = new Table().AddColumn("Topic").AddColumn(new TableColumn("Partition").RightAligned())
            .AddColumn(new TableColumn("Size").RightAligned()).AddColumn(new TableColumn("Log end offset").RightAligned());
        foreach (var partition in partitions)
        {
            var size = files.PartitionBytes(partition.Topic, partition.Partition.Value) is { } bytes ? ByteSizes.Format(bytes) : "?";
            table.AddRow(Markup.Escape(partition.Topic), $"{partition.Partition.Value}", size, ends.TryGetValue(partition, out var end) ? $"{end}" : "?");
        }

        AnsiConsole.Write(table);
        using var inspector = new GroupInspector(address, ReadOnlyDictionary<string, string>.Empty);
        var groups = await inspector.ListAsync(cancellationToken);
        AnsiConsole.Write(groups.Count > 0 ? GroupTables.Summary(groups) : new Markup("[grey]No consumer groups.[/]" + Environment.NewLine));
        return ExitCodes.Success;
    }
}
