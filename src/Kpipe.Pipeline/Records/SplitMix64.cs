namespace Kpipe.Pipeline.Records;

/// <summary>
/// SplitMix64, a tiny seeded generator whose sequence is fixed by its published algorithm, so generated data is
/// byte-identical across .NET versions (unlike <see cref="Random"/>, whose seeded sequence is not a documented contract).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) without modulo bias (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var limit = (ulong)bound;
        while (true)
        {
            var product = Math.BigMul(Next(), limit, out var low);
            if (low >= (0UL - limit) % limit)
            {
                return (int)product;
            }
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];
}
