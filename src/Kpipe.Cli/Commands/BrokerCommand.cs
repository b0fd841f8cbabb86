using System.CommandLine;
using System.Runtime.InteropServices;
using Kpipe.Broker;
using Kpipe.Cli.Logging;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe broker start</c>: runs the embedded broker in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class BrokerCommand
{
    public const string DefaultListen = "127.0.0.1:9092";

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for topics and logs", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address to bind, HOST:PORT (port 0 picks a free one)", DefaultValueFactory = _ => DefaultListen };
        var advertised = new Option<string?>("--advertised") { Description = "HOST:PORT clients are told to dial, e.g. kafka:9093" };
        var fsync = new Option<FsyncPolicy>("--fsync") { Description = "When data is forced to disk: never, interval or always", DefaultValueFactory = _ => FsyncPolicy.Interval };
        var noAutoCreate = new Option<bool>("--no-auto-create-topics") { Description = "Refuse produce/metadata on unknown topics instead of creating them" };
        var nodeId = NodeIdOption.Create();
        var limits = new LimitOptions();
        var start = new Command("start", "Run the broker in the foreground (Ctrl-C stops it cleanly)") { dataDir, listen, advertised, fsync, noAutoCreate, nodeId };
        var security = new BrokerSecurityOptions();
        security.AddTo(start);
        var authorizer = new AuthorizerCliOptions();
        authorizer.AddTo(start);
        limits.All.ToList().ForEach(start.Options.Add);
        start.SetAction((parse, ct) => RunAsync(limits.Apply(parse, new BrokerOptions
        {
            DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
            Listen = Endpoints.ParseListen(parse.GetValue(listen)!),
            Advertised = parse.GetValue(advertised) is { } name ? Endpoints.ParseAdvertised(name) : null,
            Fsync = parse.GetValue(fsync),
            AutoCreateTopics = !parse.GetValue(noAutoCreate),
            NodeId = parse.GetValue(nodeId),
            Sasl = security.Sasl(parse),
            Tls = security.Tls(parse),
            Authorizer = authorizer.Authorizer(parse),
        }), LogOptions.Settings(parse) with { Timestamps = true }, ct));
        return new Command("broker", "The embedded Kafka-compatible broker") { start };
    }

    private static async Task<int> RunAsync(BrokerOptions options, LogSettings logSettings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // SIGTERM (kpipe cluster stop, docker stop) must stop the broker as cleanly as Ctrl-C does.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var loggerFactory = KpipeLogging.Create(logSettings);

        var broker = await KafkaBroker.StartAsync(options, loggerFactory, cancellationToken);
        await using (broker)
        {
            try
            {
                await broker.Completion.WaitAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                await broker.StopAsync();
            }
        }

        return ExitCodes.Success;
    }
}
