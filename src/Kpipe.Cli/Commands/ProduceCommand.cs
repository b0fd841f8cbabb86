using System.CommandLine;
using Confluent.Kafka;
using Kpipe.Pipeline.Kafka;
using Kpipe.Pipeline.Producing;
using Spectre.Console;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe produce &lt;topic&gt; &lt;file&gt;</c>: streams a JSON array or JSON lines file into a topic, key = id.</summary>
internal static class ProduceCommand
{
    public static Command Create(Option<string> bootstrap)
    {
        var topic = new Argument<string>("topic") { Description = "Topic to write to" };
        var file = new Argument<string>("file") { Description = "JSON array or JSON lines file" };
        var rate = new Option<double?>("--rate") { Description = "Records per second (default: as fast as possible)" };
        var loop = new Option<bool>("--loop") { Description = "Start the file again at its end until Ctrl-C" };
        var idempotent = new Option<bool>("--idempotent") { Description = "Enable producer idempotence (needs InitProducerId on the broker)" };
        var command = new Command("produce", "Send each record of a file as one message (key = the record's id)") { topic, file, rate, loop, idempotent };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), parse.GetValue(topic)!, parse.GetValue(file)!,
            parse.GetValue(rate), parse.GetValue(loop), parse.GetValue(idempotent), ct));
        return command;
    }

    private static async Task<int> RunAsync(string bootstrap, IReadOnlyDictionary<string, string> settings, string topic, string path, double? rate, bool loop, bool idempotent, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UserException($"file not found: {path}");
        }

        if (rate is <= 0)
        {
            throw new UserException("--rate must be a positive number of records per second");
        }

        var options = new FileProducerOptions { Topic = topic, RatePerSecond = rate, Loop = loop };
        using var producer = new ProducerBuilder<byte[]?, byte[]>(KafkaConfigs.FileProducer(bootstrap, idempotent, settings))
            .SetLogHandler((_, _) => { })
            .Build();
        var fileProducer = new FileProducer(producer, TimeProvider.System);

        // Reading starts while the broker is probed, so a malformed file is reported at once either way; a broker that
        // does not answer stops the production (and its flush) instead of leaving it to wait out message.timeout.ms.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producing = Task.Run(() => ShowProgress(loop)
            ? WithProgressBarAsync(fileProducer, path, options, stop.Token)
            : fileProducer.ProduceAsync(path, options, null, stop.Token), CancellationToken.None);
        var unreachable = await BrokerProbe.WhyUnreachableAsync(bootstrap, settings, cancellationToken);
        if (unreachable is not null)
        {
            await stop.CancelAsync();
        }

        var summary = await producing;
        foreach (var problem in Problems(path, summary))
        {
            await Console.Error.WriteLineAsync("kpipe: " + problem);
        }

        if (unreachable is not null)
        {
            await Console.Error.WriteLineAsync("kpipe: " + unreachable);
            return ExitCodes.Failure;
        }

        await Console.Error.WriteLineAsync(
            $"Produced to {topic}: {summary.Sent} sent, {summary.Delivered} delivered, {summary.Failed} failed" +
            (summary.Skipped > 0 ? $", {summary.Skipped} damaged records skipped" : "") +
            (summary.Oversized > 0 ? $", {summary.Oversized} too large" : "") +
            (summary.Undelivered > 0 ? $", {summary.Undelivered} unacknowledged" : "") +
            $" in {summary.Elapsed.TotalSeconds:0.00} s" +
            (summary.FirstError is { } error ? $" (first error: {error})" : ""));
        return summary.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
    }

    // One line per kind of problem, the first occurrence with its position: a file with a thousand bad lines should not
    // print a thousand lines.
    private static IEnumerable<string> Problems(string path, ProduceSummary summary)
    {
        if (summary.FirstSkipped is { } skipped)
        {
            yield return $"{path}: skipped {summary.Skipped} damaged record{(summary.Skipped == 1 ? "" : "s")}, the first: {skipped.Message}; the records around {(summary.Skipped == 1 ? "it" : "them")} were sent";
        }

        if (summary.FirstOversized is { } oversized)
        {
            yield return $"{path}: refused {summary.Oversized} record{(summary.Oversized == 1 ? "" : "s")} larger than the producer's message.max.bytes, " +
                $"the first at line {oversized.Line} ({oversized.Bytes:N0} bytes); to send {(summary.Oversized == 1 ? "it" : "them")}, raise it with " +
                $"{KafkaConfigOption.Name} message.max.bytes=N and the topic's max.message.bytes (kpipe topic create --config max.message.bytes=N)";
        }

        if (summary.FormatError is { } formatError)
        {
            var before = summary.Sent switch
            {
                0 => "no record came before it",
                1 => summary.Delivered == 1 ? "the 1 record before it was delivered" : "the 1 record before it was not delivered",
                _ => summary.Delivered == summary.Sent ? $"the {summary.Sent} records before it were delivered" : $"{summary.Delivered} of the {summary.Sent} records before it were delivered",
            };
            yield return $"{path}:{formatError.Line}:{formatError.Column}: {formatError.Problem}; stopped there: {before}, nothing after it was sent";
        }

        if (summary.FirstError is { } error && error.Contains("too large", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"the broker refused records as too large ({error}): raise the topic's max.message.bytes (kpipe topic create --config max.message.bytes=N)";
        }
    }

    private static bool ShowProgress(bool loop) => !loop && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static Task<ProduceSummary> WithProgressBarAsync(FileProducer fileProducer, string path, FileProducerOptions options, CancellationToken cancellationToken)
    {
        var length = Math.Max(1, new FileInfo(path).Length);
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(Path.GetFileName(path)), maxValue: length);
                var progress = new Progress<ProduceProgress>(p => task.Value = p.BytesRead);
                var summary = await fileProducer.ProduceAsync(path, options, progress, cancellationToken);
                task.Value = length;
                return summary;
            });
    }
}
