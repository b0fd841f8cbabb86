using System.Diagnostics;
using System.Text.RegularExpressions;
using Kpipe.Testing;
using Kpipe.Testing.Fuzzing;

namespace Kpipe.Reliability;

/// <summary>Mutated client frames against a broker process over many connections: every frame is answered or its connection closed, and the broker lives on.</summary>
public sealed class FuzzLiveScenario : IScenario
{
    private const int Workers = 32;
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public string Name => "fuzz-live";

    /// <inheritdoc />
    public string Title => "Protocol fuzzing: a live broker over many connections";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var seed = FuzzSeed.Current;
        var seeds = FuzzCorpus.Load(FuzzCorpus.FixtureDirectory(campaign.Root));
        var frames = campaign.Count(10_000, 100_000);
        using var data = new TempDirectory("kpipe-fuzz-live-");
        await using var broker = await BrokerProcess.StartAsync(campaign, data.Path);
        var rssBefore = broker.ResidentBytes;
        var descriptorsBefore = OpenDescriptors(broker.Pid);
        var linesBefore = broker.LogLines.Count;
        var fuzzer = new LiveFuzzer(new FrameMutator(seeds, seed), broker.Port, FrameTimeout);
        var clock = Stopwatch.StartNew();
        string? stopped = null;
        try
        {
            await fuzzer.RunAsync(frames, Workers, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            stopped = $"{e.Message}; broker {(broker.HasExited ? "exited" : "still running")}, its last lines: {string.Join(" | ", broker.LogLines.TakeLast(3))}";
        }

        var elapsed = clock.Elapsed;
        var alive = !broker.HasExited && await BrokerProcess.AnswersApiVersionsAsync(broker.Port);
        var rssAfter = broker.ResidentBytes;
        var descriptorsAfter = OpenDescriptors(broker.Pid);
        var logLines = broker.LogLines.Count - linesBefore;
        var unexpected = broker.LogLines.Count(l => l.Contains("unexpected error", StringComparison.Ordinal));
        var commonest = broker.LogLines.Skip(linesBefore).GroupBy(Shape).OrderByDescending(g => g.Count()).FirstOrDefault();
        var hangs = fuzzer.Hangs;
        var figures = new List<Figure>
        {
            new("seed", FuzzSeed.Describe(seed)),
            new("connecting stayed possible", stopped ?? "yes", stopped is null),
            new("frames sent", $"{frames:N0} over {fuzzer.Connections:N0} connections ({Workers} at a time; {fuzzer.FailedConnects:N0} connects reset and retried) in {elapsed.TotalSeconds:F1} s"),
            new("frames answered / connection closed", $"{fuzzer.Answered:N0} / {fuzzer.Closed:N0}"),
            new("well-formed waiting requests still parked at the timeout", $"{fuzzer.Parked:N0} (a Fetch waits its max wait, a JoinGroup or SyncGroup its rebalance)"),
            new($"frames with neither an answer nor a close within {FrameTimeout.TotalSeconds:0} s", hangs.Count == 0 ? "0" : $"{hangs.Count:N0}; first: {hangs[0]}", hangs.Count == 0),
            new("broker alive and answering ApiVersions at the end", alive ? "yes" : "no", alive),
            new("broker RSS before / after", $"{rssBefore / 1048576.0:F0} MiB / {rssAfter / 1048576.0:F0} MiB"),
            new("broker open file descriptors before / after", $"{descriptorsBefore:N0} / {descriptorsAfter:N0}"),
            new("log lines the broker wrote during the run", commonest is null ? "0" : $"{logLines:N0} (commonest, {commonest.Count():N0} times: \"{commonest.First()}\")"),
            new("unexpected errors in the broker log", $"{unexpected:N0}", unexpected == 0),
        };
        return new ScenarioResult(figures, $"""
            A broker process (`kpipe broker start`, default limits) receives {frames:N0} frames from the same mutation
            engine as fuzz-decoder (golden frames of librdkafka, KafkaJS and kafka-python with one to three mutations),
            each with its true size prefix, over {Workers} concurrent connections that reconnect whenever the broker closes
            one. Each frame is followed by an ApiVersions sentinel on the same connection: the frame counts as answered
            when the sentinel's answer arrives, as closed when the broker ends the connection, and as a hang when neither
            happens within {FrameTimeout.TotalSeconds:0} s, except a well-formed Fetch, JoinGroup or SyncGroup, which may wait as long as it asks (max wait, rebalance timeout).
            RSS is the broker's VmRSS; log lines are what it wrote to stdout and stderr during the run.
            Another seed: `KPIPE_FUZZ_SEED=n {campaign.Command(Name)}`.
            """);
    }

    // The process's open files (sockets included) from /proc, to see that closed connections release theirs.
    private static int OpenDescriptors(int pid) =>
        Directory.Exists($"/proc/{pid}/fd") ? Directory.GetFiles($"/proc/{pid}/fd").Length : -1;

    // A log line without its timestamp and numbers, to tell which kind of line the broker wrote most.
    private static string Shape(string line)
    {
        var shape = Regex.Replace(line, "[0-9]+", "#");
        return shape.Length > 80 ? shape[..80] : shape;
    }
}
