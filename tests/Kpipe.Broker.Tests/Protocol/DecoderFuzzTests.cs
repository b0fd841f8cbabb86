using Kpipe.Testing.Fuzzing;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>A few thousand mutated client frames through the request decoder, so every build guards what the fuzz-decoder scenario checks at scale.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class DecoderFuzzTests
{
    private const int Seed = 12;

    [Fact]
    public void Mutated_client_frames_never_throw_over_allocate_or_stall_the_decoder()
    {
        var result = DecoderFuzzer.Run(new FrameMutator(FuzzCorpus.LoadFromRepository(), Seed), 5_000);

        Assert.True(result.Exceptions == 0, string.Join("\n", result.ExceptionExamples));
        Assert.True(result.OverAllocations == 0, string.Join("\n", result.OverAllocationExamples));
        Assert.True(result.Slowest < TimeSpan.FromSeconds(1), $"{result.Slowest.TotalMilliseconds} ms: {result.SlowestFrame}");
        // The mutations must reach the body decoders, not only break headers.
        Assert.True(result.Decoded > 500 && result.MalformedBodies > 500, $"decoded {result.Decoded}, malformed bodies {result.MalformedBodies}");
    }

    [Fact]
    public void The_same_seed_and_index_rebuild_the_same_frame()
    {
        var seeds = FuzzCorpus.LoadFromRepository();
        var first = new FrameMutator(seeds, Seed).Next(4_321);
        var again = new FrameMutator(seeds, Seed).Next(4_321);
        Assert.Equal((first.Seed, first.Mutations), (again.Seed, again.Mutations));
        Assert.Equal(first.Bytes, again.Bytes);
    }

    [Fact]
    public void Corpus_covers_every_served_api()
    {
        var seeds = FuzzCorpus.LoadFromRepository();
        Assert.All(Kpipe.Broker.Apis.ApiRegistry.All, range => Assert.Contains(seeds, s => s.Key == range.Key));
    }
}
