namespace Kpipe.EndToEnd.Tests.Deploy;

/// <summary>Reads Kafka's <c>NAME://host:port,...</c> listener lists into listener name → host:port.</summary>
internal static class KafkaListeners
{
    public static IReadOnlyDictionary<string, string> Parse(string listeners) =>
        listeners.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split("://", 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    public static int Port(string hostAndPort) => int.Parse(hostAndPort[(hostAndPort.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
