using Kpipe.Pipeline.Jobs.Consumer;
using Kpipe.Pipeline.Jobs.StreamMetrics;
using Kpipe.Pipeline.Jobs.StreamRaw;

namespace Kpipe.Pipeline.Jobs.Registry;

/// <summary>The jobs kpipe can run, found by name or by the original stack's alias.</summary>
public sealed class JobRegistry
{
    private readonly IReadOnlyList<JobDescriptor> _jobs;

    /// <summary>Creates a registry over the given jobs.</summary>
    public JobRegistry(IReadOnlyList<JobDescriptor> jobs) => _jobs = jobs;

    /// <summary>The built-in jobs: consumer, stream-metrics, stream-raw.</summary>
    public static JobRegistry Default { get; } = new(
    [
        new("consumer", "jobs.consumer", "Print each record as a JSON line (topic, partition, offset, timestamp, key, value)", c => new ConsumerJob(c)),
        new("stream-metrics", "jobs.stream_spark", "Per-window metrics (summary, countries, genders, users) and enriched records", c => new StreamMetricsJob(c)),
        new("stream-raw", "jobs.stream_spark_df", "Per-window raw records with a schema inferred as Spark's JSON reader does", c => new StreamRawJob(c)),
    ]);

    /// <summary>Every registered job.</summary>
    public IReadOnlyList<JobDescriptor> Jobs => _jobs;

    /// <summary>Finds a job by name or alias (exact, case-insensitive); false when none matches.</summary>
    public bool TryFind(string nameOrAlias, out JobDescriptor descriptor)
    {
        descriptor = _jobs.FirstOrDefault(j =>
            string.Equals(j.Name, nameOrAlias, StringComparison.OrdinalIgnoreCase) ||
            string.Equals(j.Alias, nameOrAlias, StringComparison.OrdinalIgnoreCase))!;
        return descriptor is not null;
    }
}
