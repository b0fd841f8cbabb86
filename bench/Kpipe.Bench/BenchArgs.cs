namespace Kpipe.Bench;

/// <summary>Reads <c>--name value</c> pairs from a benchmark's command line, with defaults.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Parses the arguments after the suite name.</summary>
    public BenchArgs(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --name value pairs, got '{args[i]}'");
            }
            _values[args[i][2..]] = args[i + 1];
        }
    }

    /// <summary>An integer option.</summary>
    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>A string option.</summary>
    public string String(string name, string fallback) => _values.TryGetValue(name, out var v) ? v : fallback;
}
