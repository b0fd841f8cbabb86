namespace Kpipe.Reliability.Load;

/// <summary>The load scenario's topics (<c>load-0</c>, <c>load-1</c>, …), each with the same number of partitions, and a flat index over their partitions.</summary>
/// <param name="Count">How many topics.</param>
/// <param name="Partitions">Partitions per topic.</param>
public sealed record LoadTopics(int Count, int Partitions)
{
    /// <summary>The topic names.</summary>
    public IReadOnlyList<string> Names { get; } = [.. Enumerable.Range(0, Count).Select(i => $"load-{i}")];

    /// <summary>Partitions over all topics.</summary>
    public int TotalPartitions => Count * Partitions;

    /// <summary>The flat index of a topic's partition, 0 ≤ index &lt; <see cref="TotalPartitions"/>.</summary>
    public int IndexOf(string topic, int partition) => (int.Parse(topic.AsSpan("load-".Length), provider: System.Globalization.CultureInfo.InvariantCulture) * Partitions) + partition;
}
