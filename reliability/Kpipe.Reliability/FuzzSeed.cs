using System.Globalization;

namespace Kpipe.Reliability;

/// <summary>The seed of the fuzzing scenarios: fixed, so a run reproduces, unless KPIPE_FUZZ_SEED asks for another one.</summary>
public static class FuzzSeed
{
    /// <summary>The seed used when KPIPE_FUZZ_SEED is not set.</summary>
    public const int Default = 20_261_205;

    /// <summary>The seed for this run.</summary>
    public static int Current => int.TryParse(Environment.GetEnvironmentVariable("KPIPE_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : Default;

    /// <summary>How to rerun with <paramref name="seed"/>, for the figures.</summary>
    public static string Describe(int seed) => seed == Default ? $"{seed} (default)" : $"{seed} (KPIPE_FUZZ_SEED={seed})";
}
