using System.CommandLine;
using Kpipe.Cli.Live;
using Kpipe.Cli.Logging;
using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.Registry;
using Kpipe.Pipeline.Runtime;
using Kpipe.Pipeline.Sinks;
using Microsoft.Extensions.Logging;

namespace Kpipe.Cli.Commands;

/// <summary>
/// <c>kpipe job run &lt;job&gt; --topic T [--window 10s] [--format json|csv|parquet] [--output DIR] [--checkpoint DIR]
/// [--group G] [--until-idle 5s] [--max-batches N] [--instance ID] [--plain]</c> plus field-name and geolocation options, and
/// <c>kpipe job list</c>.
/// </summary>
internal static class JobCommand
{
    public static Command Create(Option<string> bootstrap)
    {
        var job = new Argument<string>("job") { Description = "consumer, stream-metrics or stream-raw (or jobs.consumer, jobs.stream_spark, jobs.stream_spark_df)" };
        var topic = new Option<string>("--topic") { Description = "Topic to consume", Required = true };
        var window = new Option<string>("--window") { Description = "Processing-time window, whole seconds (10s, 1m)", DefaultValueFactory = _ => "10s" };
        var format = new Option<string>("--format") { Description = "Output format: json, csv or parquet", DefaultValueFactory = _ => "parquet" };
        var output = new Option<string>("--output") { Description = "Output root; tables go under <output>/<job>/<topic>/", DefaultValueFactory = _ => "output" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint directory (default <output>/<job>/<topic>/_checkpoints/<instance>)" };
        var group = new Option<string?>("--group") { Description = "Consumer group (default kpipe-<job>-<topic>); instances in one group share partitions" };
        var untilIdle = new Option<string?>("--until-idle") { Description = "Stop once no record arrived for this long (5s)" };
        var maxBatches = new Option<int?>("--max-batches") { Description = "Stop after this many batches" };
        var instance = new Option<string?>("--instance")
        {
            Description = "Instance id in part file and checkpoint names (default <host>-N, the first not running here, so a restart resumes its checkpoint)",
        };
        var deadLetterTopic = new Option<string?>("--dead-letter-topic") { Description = "Also publish bad records to this topic" };
        var idField = new Option<string>("--id-field") { Description = "Field holding the user id", DefaultValueFactory = _ => "id" };
        var genderField = new Option<string>("--gender-field") { Description = "Field holding the gender", DefaultValueFactory = _ => "gender" };
        var countryField = new Option<string>("--country-field") { Description = "Field holding the country", DefaultValueFactory = _ => "country" };
        var ipField = new Option<string>("--ip-field") { Description = "Field holding the IP address", DefaultValueFactory = _ => "ip_address" };
        var geoDb = new Option<string[]>("--geoip-db") { Description = "MaxMind/DB-IP .mmdb file(s) (default: those `make geoip` installed)", AllowMultipleArgumentsPerToken = true };
        var geoProvider = new Option<string>("--geo-provider") { Description = "Geolocation source: mmdb or ipinfo", DefaultValueFactory = _ => "mmdb" };
        var geoToken = new Option<string?>("--geo-token") { Description = "API token for --geo-provider ipinfo" };
        var reverseDns = new Option<bool>("--reverse-dns") { Description = "Resolve hostnames by reverse DNS (slow; off by default)" };
        var geoLowMemory = new Option<bool>("--geoip-low-memory") { Description = "Walk the .mmdb tree per IPv4 lookup instead of building a range table at start-up (about 33 MiB less, slower lookups)" };
        var plain = new Option<bool>("--plain") { Description = "One summary line per window instead of the live view (the default when output is not a terminal)" };

        var run = new Command("run", "Run a streaming job with checkpointed, exactly-once output")
        {
            job, topic, window, format, output, checkpoint, group, untilIdle, maxBatches, instance, deadLetterTopic,
            idField, genderField, countryField, ipField, geoDb, geoProvider, geoToken, reverseDns, geoLowMemory, plain,
        };
        run.SetAction((parse, cancellationToken) =>
        {
            var options = new JobOptions
            {
                Topic = parse.GetValue(topic)!,
                BootstrapServers = parse.GetValue(bootstrap)!,
                KafkaSettings = KafkaConfigOption.Settings(parse),
                Window = ParseWindow(parse.GetValue(window)!),
                Format = OutputFormats.TryParse(parse.GetValue(format), out var f) ? f : throw new UserException($"--format must be json, csv or parquet, not '{parse.GetValue(format)}'"),
                OutputDirectory = parse.GetValue(output)!,
                CheckpointDirectory = parse.GetValue(checkpoint),
                GroupId = parse.GetValue(group),
                UntilIdle = parse.GetValue(untilIdle) is { } idle ? ParseDuration("--until-idle", idle) : null,
                MaxBatches = parse.GetValue(maxBatches) is int max ? (max > 0 ? max : throw new UserException("--max-batches must be positive")) : null,
                DeadLetterTopic = parse.GetValue(deadLetterTopic),
                Fields = new RecordFieldNames { Id = parse.GetValue(idField)!, Gender = parse.GetValue(genderField)!, Country = parse.GetValue(countryField)!, Ip = parse.GetValue(ipField)! },
            };
            var geo = new GeoOptions
            {
                DatabasePaths = parse.GetValue(geoDb) ?? [],
                Provider = parse.GetValue(geoProvider)?.ToLowerInvariant() switch
                {
                    "mmdb" => GeoProvider.Mmdb,
                    "ipinfo" => GeoProvider.IpInfo,
                    var other => throw new UserException($"--geo-provider must be mmdb or ipinfo, not '{other}'"),
                },
                Token = parse.GetValue(geoToken),
                ReverseDns = parse.GetValue(reverseDns),
                FlattenIpv4 = !parse.GetValue(geoLowMemory),
            };
            var requested = parse.GetValue(instance) is { } id ? ValidInstance(id) : null;
            var console = new JobConsole(LogOptions.Settings(parse), parse.GetValue(plain));
            return RunAsync(parse.GetValue(job)!, options, requested, geo, console, cancellationToken);
        });

        var list = new Command("list", "List the jobs and their original names");
        list.SetAction(_ =>
        {
            foreach (var descriptor in JobRegistry.Default.Jobs)
            {
                Console.WriteLine($"{descriptor.Name,-16}{descriptor.Alias,-24}{descriptor.Description}");
            }
            return ExitCodes.Success;
        });

        return new Command("job", "Run streaming jobs: consumer, stream-metrics, stream-raw") { run, list };
    }

    private static async Task<int> RunAsync(string jobName, JobOptions options, string? requestedInstance, GeoOptions geo, JobConsole console, CancellationToken cancellationToken)
    {
        if (!JobRegistry.Default.TryFind(jobName, out var descriptor))
        {
            throw new UserException($"unknown job '{jobName}'; jobs: {string.Join(", ", JobRegistry.Default.Jobs.Select(j => $"{j.Name} ({j.Alias})"))}");
        }
        await BrokerProbe.EnsureReachableAsync(options.BootstrapServers, options.KafkaSettings, cancellationToken);
        using var instance = HoldInstance(options.CheckpointsRoot(descriptor.Name), requestedInstance, descriptor.Name, options.Topic);
        options = options with { InstanceId = instance.InstanceId };
        var live = console.LiveStateFor(descriptor.Name, options.Topic);
        using var loggerFactory = console.CreateLoggerFactory(live);
        IIpEnricher enricher;
        try
        {
            enricher = descriptor.Name == "stream-metrics" ? IpEnricherFactory.Create(geo, loggerFactory) : new NullIpEnricher("enrichment is not used by this job");
        }
        catch (GeoDatabaseException e)
        {
            throw new UserException(e.Message);
        }
        using (enricher)
        {
            var context = new JobContext(options, enricher, live is null ? Console.Out : TextWriter.Null, loggerFactory) { Observer = live };
            var runtime = new JobRuntime(descriptor.Create(context), options, console.RuntimeLogger(loggerFactory)) { Observer = live };
            var result = await console.RunAsync(live, runtime.RunAsync(cancellationToken));
            await console.FinishedAsync(loggerFactory,
                $"{descriptor.Name} stopped ({result.StopReason.ToString().ToLowerInvariant()}): {result.Batches} batches, {result.Records} records" +
                (result.ReplayedPendingBatch ? ", including one re-run from the checkpoint" : "") +
                (descriptor.Name == "consumer" ? "" : $"; output in {options.JobOutputDirectory(descriptor.Name)}"));
            return ExitCodes.Success;
        }
    }

    // One process per instance name: a second run of the same instance would write the same checkpoint and part files.
    private static InstanceLock HoldInstance(string checkpoints, string? requested, string job, string topic)
    {
        if (requested is null)
        {
            return InstanceLock.AcquireFirstFree(checkpoints, JobOptions.HostName());
        }
        return InstanceLock.TryAcquire(checkpoints, requested)
            ?? throw new UserException($"instance '{requested}' of {job} on {topic} is already running (it holds {Path.Combine(checkpoints, requested + ".lock")}); stop it or give another --instance");
    }

    private static TimeSpan ParseWindow(string text)
    {
        var window = ParseDuration("--window", text);
        if (window <= TimeSpan.Zero || window.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new UserException($"--window must be a positive whole number of seconds (10s, 1m), not '{text}'");
        }
        return window;
    }

    private static TimeSpan ParseDuration(string option, string text) =>
        Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw new UserException($"{option} must be a duration such as 500ms, 5s, 2m, not '{text}'");

    private static string ValidInstance(string id) =>
        id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? id
            : throw new UserException($"--instance must be letters, digits, '-' or '_', not '{id}'");
}
