namespace Kpipe.Testing.Fuzzing;

/// <summary>One fuzzed request frame (header and body, without the size prefix) and how it was made.</summary>
/// <param name="Index">Its number in the run; with the run's seed it rebuilds the same frame.</param>
/// <param name="Seed">The golden frame it was mutated from.</param>
/// <param name="Mutations">The mutations applied, in order, e.g. "bit-flip@31, truncate@40".</param>
public sealed record MutatedFrame(long Index, string Seed, string Mutations, byte[] Bytes)
{
    /// <summary>A one-line description for a failure report: index, origin, mutations and the bytes in hex.</summary>
    public override string ToString() => $"frame #{Index} from {Seed} ({Mutations}): {Convert.ToHexString(Bytes)}";
}
