using System.CommandLine;
using Kpipe.Pipeline.Consuming;

namespace Kpipe.Cli.Commands;

/// <summary><c>kpipe consume &lt;topic&gt;</c>: records as JSON lines on stdout, from a chosen position, until a stop condition.</summary>
internal static class ConsumeCommand
{
    public static Command Create(Option<string> bootstrap)
    {
        var topic = new Argument<string>("topic") { Description = "Topic to read" };
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Start at the earliest offset (default)" };
        var fromEnd = new Option<bool>("--from-end") { Description = "Only records produced from now on" };
        var offset = new Option<long?>("--offset") { Description = "Start at this offset" };
        var partition = new Option<int?>("--partition") { Description = "Read one partition only" };
        var maxMessages = new Option<long?>("--max-messages") { Description = "Stop after this many records" };
        var idle = new Option<TimeSpan>("--idle-timeout")
        {
            Description = "Stop when nothing arrives for this long (e.g. 5s, 500ms, 2m; 0 waits forever)",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
            CustomParser = result =>
            {
                if (Durations.TryParse(result.Tokens[^1].Value, out var duration))
                {
                    return duration;
                }

                result.AddError($"--idle-timeout '{result.Tokens[^1].Value}' is not a duration; use e.g. 500ms, 5s, 2m");
                return default;
            },
        };
        var group = new Option<string?>("--group") { Description = "Consumer group: subscribe and commit offsets" };
        var command = new Command("consume", "Print a topic's records as JSON lines")
        {
            topic, fromBeginning, fromEnd, offset, partition, maxMessages, idle, group,
        };
        command.SetAction(async (parse, ct) =>
        {
            var starts = new[] { parse.GetValue(fromBeginning), parse.GetValue(fromEnd), parse.GetValue(offset) is not null }.Count(set => set);
            if (starts > 1)
            {
                throw new UserException("use only one of --from-beginning, --from-end and --offset");
            }

            var start = parse.GetValue(fromEnd) ? StartPosition.End
                : parse.GetValue(offset) is { } at ? (at >= 0 ? StartPosition.At(at) : throw new UserException("--offset must be zero or more"))
                : StartPosition.Beginning;
            var idleTimeout = parse.GetValue(idle);
            var options = new TopicReadOptions
            {
                Topic = parse.GetValue(topic)!,
                Start = start,
                Partition = parse.GetValue(partition),
                MaxMessages = parse.GetValue(maxMessages),
                IdleTimeout = idleTimeout > TimeSpan.Zero ? idleTimeout : null,
                GroupId = parse.GetValue(group),
            };
            await BrokerProbe.EnsureReachableAsync(parse.GetValue(bootstrap)!, KafkaConfigOption.Settings(parse), ct);
            await using var stdout = Console.OpenStandardOutput();
            await using var buffered = new BufferedStream(stdout, 64 * 1024);
            using var writer = new ConsumedRecordWriter(buffered);
            var reader = new TopicReader(parse.GetValue(bootstrap)!, TimeProvider.System, KafkaConfigOption.Settings(parse));
            var count = await reader.ReadAsync(options, writer.Write, ct);
            writer.Flush();
            await Console.Error.WriteLineAsync($"Consumed {count} record(s) from {options.Topic}");
            return ExitCodes.Success;
        });
        return command;
    }
}
