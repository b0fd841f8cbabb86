namespace Kpipe.Broker.Security;

/// <summary>The SASL mechanism names the broker can enable, spelled as Kafka's <c>sasl.enabled.mechanisms</c> spells them.</summary>
public static class SaslMechanisms
{
    /// <summary>RFC 4616: user name and password sent as they are (use it over TLS).</summary>
    public const string Plain = "PLAIN";

    /// <summary>RFC 7677.</summary>
    public const string ScramSha256 = "SCRAM-SHA-256";

    /// <summary>SCRAM with SHA-512 (KIP-84).</summary>
    public const string ScramSha512 = "SCRAM-SHA-512";

    /// <summary>Every mechanism served, the default when none is named.</summary>
    public static IReadOnlyList<string> All { get; } = [Plain, ScramSha256, ScramSha512];

    /// <summary>Parses a comma-separated list such as <c>PLAIN,SCRAM-SHA-512</c>; throws <see cref="ArgumentException"/> naming an unknown one.</summary>
    public static IReadOnlyList<string> Parse(string list)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToUpperInvariant()).Distinct().ToList();
        if (names.Count == 0)
        {
            throw new ArgumentException("no SASL mechanism named; use one or more of " + string.Join(",", All));
        }

        if (names.FirstOrDefault(n => !All.Contains(n)) is { } unknown)
        {
            throw new ArgumentException($"unknown SASL mechanism '{unknown}'; use one or more of {string.Join(",", All)}");
        }

        return names;
    }
}
