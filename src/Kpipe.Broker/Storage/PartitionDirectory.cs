using System.Globalization;

namespace Kpipe.Broker.Storage;

/// <summary>Where a partition's log lives in a data directory: <c>&lt;data&gt;/&lt;topic&gt;-&lt;partition&gt;</c>, as in Kafka.</summary>
public static class PartitionDirectory
{
    /// <summary>The directory of <paramref name="topic"/>'s partition <paramref name="partition"/> under <paramref name="dataDirectory"/>.</summary>
    public static string Of(string dataDirectory, string topic, int partition) =>
        Path.Combine(dataDirectory, string.Create(CultureInfo.InvariantCulture, $"{topic}-{partition}"));
}
