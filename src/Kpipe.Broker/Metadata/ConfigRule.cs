using System.Globalization;
using Kpipe.Broker.Configs;

namespace Kpipe.Broker.Metadata;

/// <summary>The default and the accepted values of one topic config.</summary>
internal sealed record ConfigRule(ConfigType Type, string Default, string Expectation, Func<string, bool> Check)
{
    /// <summary>Whether APPEND and SUBTRACT (IncrementalAlterConfigs) apply: Kafka allows them on list configs only.</summary>
    public bool IsList => Type == ConfigType.List;

    public static ConfigRule Long(long defaultValue, long min) => new(
        ConfigType.Long,
        defaultValue.ToString(CultureInfo.InvariantCulture),
        min == long.MinValue ? "expected a 64-bit integer" : $"expected an integer ≥ {min}",
        v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min);

    public static ConfigRule Int(int defaultValue, int min, int max = int.MaxValue) => new(
        ConfigType.Int,
        defaultValue.ToString(CultureInfo.InvariantCulture),
        max == int.MaxValue ? $"expected a 32-bit integer ≥ {min}" : $"expected an integer in [{min}, {max}]",
        v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max);

    public static ConfigRule Double(double defaultValue, double min, double max) => new(
        ConfigType.Double,
        defaultValue.ToString(CultureInfo.InvariantCulture),
        $"expected a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]",
        v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= min && d <= max);

    public static ConfigRule Bool(bool defaultValue) => new(
        ConfigType.Boolean,
        defaultValue ? "true" : "false",
        "expected true or false",
        v => v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    public static ConfigRule OneOf(string defaultValue, params string[] allowed) => new(
        ConfigType.String,
        defaultValue,
        $"expected one of {string.Join(", ", allowed)}",
        v => allowed.Contains(v, StringComparer.Ordinal));

    public static ConfigRule List(string defaultValue, params string[] allowed) => new(
        ConfigType.List,
        defaultValue,
        $"expected a comma-separated list of {string.Join(", ", allowed)}",
        v => v.Split(',').All(item => allowed.Contains(item.Trim(), StringComparer.Ordinal)) && v.Trim().Length > 0);

    /// <summary>
    /// The throttled-replicas lists: empty, <c>*</c> (every replica), or <c>partition:broker</c> pairs separated by commas.
    /// </summary>
    public static ConfigRule ThrottledReplicas() => new(
        ConfigType.List,
        "",
        "expected empty, * or a comma-separated list of partition:broker pairs",
        v => v.Trim() is "" or "*" || v.Split(',').All(IsReplicaPair));

    private static bool IsReplicaPair(string item)
    {
        var parts = item.Trim().Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
