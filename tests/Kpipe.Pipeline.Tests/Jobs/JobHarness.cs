using Kpipe.Pipeline.Enrichment;
using Kpipe.Pipeline.Jobs;
using Kpipe.Pipeline.Jobs.Registry;
using Kpipe.Pipeline.Runtime;
using Kpipe.Pipeline.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kpipe.Pipeline.Tests.Jobs;

/// <summary>Runs registered jobs against the test cluster in a temporary directory that it deletes.</summary>
internal sealed class JobHarness : IDisposable
{
    public JobHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "kpipe-jobs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    // One synchronized writer for every runtime of the harness: instances running side by side share the terminal,
    // and a wrapper per runtime would give each its own lock over the same StringWriter.
    public TextWriter Terminal { get; } = TextWriter.Synchronized(new StringWriter());

    public JobRuntime Runtime(string job, JobOptions options, IIpEnricher? enricher = null, TimeProvider? time = null, IFaultInjector? faults = null, int maxRecordsPerBatch = 200_000) =>
        new(Job(job, options, enricher), options, NullLogger<JobRuntime>.Instance, time, faults) { MaxRecordsPerBatch = maxRecordsPerBatch };

    /// <summary>A registered job writing to this harness's terminal, for a test that runs it in a runtime of its own.</summary>
    public IJob Job(string job, JobOptions options, IIpEnricher? enricher = null)
    {
        Assert.True(JobRegistry.Default.TryFind(job, out var descriptor));
        return descriptor.Create(new JobContext(options, enricher ?? new NullIpEnricher(), Terminal, NullLoggerFactory.Instance));
    }

    /// <summary>Options for a job instance on <paramref name="cluster"/> writing JSON under this harness in 1 s windows until idle.</summary>
    public JobOptions Options(KafkaTestCluster cluster, string topic, string group, string instance, TimeSpan untilIdle) => new()
    {
        Topic = topic,
        BootstrapServers = cluster.BootstrapServers,
        Window = TimeSpan.FromSeconds(1),
        Format = OutputFormat.Json,
        OutputDirectory = Path.Combine(Root, "output"),
        GroupId = group,
        InstanceId = instance,
        UntilIdle = untilIdle,
    };

    /// <summary>Every row of every part file with extension <paramref name="extension"/> under a table's directory.</summary>
    public static async Task<List<IReadOnlyDictionary<string, object?>>> ReadTableAsync(string tableDirectory, string extension)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var file in Directory.EnumerateFiles(tableDirectory, "*." + extension, SearchOption.AllDirectories))
        {
            rows.AddRange(await TableFileReader.ReadAsync(file, CancellationToken.None));
        }
        return rows;
    }

    /// <summary>Every visible file under <paramref name="directory"/> (checkpoints excluded) with its bytes, by relative path.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_checkpoints", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes), StringComparer.Ordinal);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
