using System.Globalization;
using Kpipe.Testing.Fuzzing;

namespace Kpipe.Reliability;

/// <summary>Mutated client frames through the broker's request decoder in-process: nothing escapes, no frame allocates past its bound, none hangs.</summary>
public sealed class FuzzDecoderScenario : IScenario
{
    private static readonly TimeSpan SlowFrameBound = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public string Name => "fuzz-decoder";

    /// <inheritdoc />
    public string Title => "Protocol fuzzing: the request decoder in-process";

    /// <inheritdoc />
    public async Task<ScenarioResult> RunAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var seed = FuzzSeed.Current;
        var seeds = FuzzCorpus.Load(FuzzCorpus.FixtureDirectory(campaign.Root));
        var mutator = new FrameMutator(seeds, seed);
        var frames = campaign.Count(50_000, 1_000_000);
        // A decoder stuck in a loop never returns: the whole run gets a generous deadline instead of a per-frame one.
        var deadline = campaign.Duration(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30));
        var run = Task.Run(() => DecoderFuzzer.Run(mutator, frames, cancellationToken: cancellationToken), cancellationToken);
        DecoderFuzzResult result;
        try
        {
            result = await run.WaitAsync(deadline, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new ScenarioResult([new Figure("run finished", $"no: still decoding after {deadline.TotalMinutes:0} min (seed {seed})", Passed: false)], Method(seeds.Count, frames));
        }

        var figures = new List<Figure>
        {
            new("seed", FuzzSeed.Describe(seed)),
            new("frames decoded", $"{result.Frames:N0} from {seeds.Count} golden frames in {result.Elapsed.TotalSeconds:F1} s"),
            new("outcomes", $"{result.Decoded:N0} decoded, {result.MalformedBodies:N0} malformed bodies, {result.MalformedHeaders:N0} malformed headers, {result.Unserved:N0} unserved versions"),
            new("exceptions escaping the decoder", Count(result.Exceptions, result.ExceptionExamples), result.Exceptions == 0),
            new("largest allocation by one decode", $"{result.LargestAllocation.Bytes:N0} bytes (a {result.LargestAllocation.FrameLength:N0}-byte frame)"),
            new("decodes allocating more than 64 KiB + 32 x frame bytes", Count(result.OverAllocations, result.OverAllocationExamples), result.OverAllocations == 0),
            new("slowest frame", $"{result.Slowest.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture)} ms (bound {SlowFrameBound.TotalMilliseconds:0} ms)", result.Slowest < SlowFrameBound),
        };
        return new ScenarioResult(figures, Method(seeds.Count, frames));
    }

    private static string Count(long count, IReadOnlyList<string> examples) =>
        count == 0 ? "0" : $"{count:N0}; first: {examples[0]}";

    private static string Method(int seeds, int frames) => $"""
        {frames:N0} frames, each one of the {seeds} golden request frames (tests/Kpipe.Broker.Tests/Protocol/Golden: librdkafka,
        KafkaJS, kafka-python and the by-hand edges, every served API) with one to three mutations: bit flips, byte overwrites,
        int16/int32/varint length and count fields set to huge, negative or boundary values, truncation, splices of two
        frames, inserted and deleted bytes, and headers re-aimed at another served (api, version). Each frame goes through
        the same steps as on a connection (request header, then the API's Request.Read at that version); the bytes each
        decode allocates are read from GC.GetAllocatedBytesForCurrentThread around it. Frame i of a seed is rebuilt alone
        by `FrameMutator.Next(i)`; another seed: `KPIPE_FUZZ_SEED=n`.
        """;
}
