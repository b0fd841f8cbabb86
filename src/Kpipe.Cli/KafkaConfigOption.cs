using System.CommandLine;

namespace Kpipe.Cli;

/// <summary>
/// The shared, repeatable <c>--kafka-config key=value</c> option and the <c>KPIPE_KAFKA_CONFIG="k=v,k=v"</c> variable:
/// librdkafka properties (SASL, TLS, …) passed unchanged into every producer, consumer and admin client the CLI creates.
/// The command line wins over the variable for a key given in both.
/// </summary>
internal static class KafkaConfigOption
{
    public const string Name = "--kafka-config";
    public const string Variable = "KPIPE_KAFKA_CONFIG";

    public static Option<string[]> Create() => new(Name)
    {
        Description = $"librdkafka property key=value for every Kafka client (repeatable; also {Variable}=\"k=v,k=v\"), e.g. security.protocol=SASL_SSL",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The settings for a parsed command line: the variable's, then the option's.</summary>
    public static IReadOnlyDictionary<string, string> Settings(ParseResult parse) =>
        Merge(Environment.GetEnvironmentVariable(Variable), parse.GetValue<string[]>(Name) ?? []);

    public static IReadOnlyDictionary<string, string> Merge(string? variable, IEnumerable<string> options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var fromVariable = (variable ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var pair in fromVariable)
        {
            Add(settings, pair, Variable);
        }

        foreach (var pair in options)
        {
            Add(settings, pair, Name);
        }

        return settings;
    }

    private static void Add(Dictionary<string, string> settings, string pair, string source)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UserException($"{source} takes key=value pairs (e.g. security.protocol=SASL_SSL), not '{pair}'");
        }

        settings[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
    }
}
