using System.Globalization;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Jobs;

/// <summary>How to run a job: where to read, the window, where and how to write, and when to stop.</summary>
public sealed record JobOptions
{
    /// <summary>The topic to consume.</summary>
    public required string Topic { get; init; }

    /// <summary>The Kafka bootstrap servers (host:port, comma separated).</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Processing-time window length, a whole number of seconds; 10 s by default, as WINDOW_STREAMING_SECS.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Output file format; Parquet by default.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Parquet;

    /// <summary>Root of all job outputs; a job writes under <c>&lt;OutputDirectory&gt;/&lt;job&gt;/&lt;topic&gt;/</c>.</summary>
    public string OutputDirectory { get; init; } = "output";

    /// <summary>Checkpoint directory; by default <c>&lt;job output&gt;/_checkpoints/&lt;instance&gt;</c>.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Consumer group; by default <c>kpipe-&lt;job&gt;-&lt;topic&gt;</c>, so instances of one job share partitions.</summary>
    public string? GroupId { get; init; }

    /// <summary>Stop once no record has arrived for this long (after finishing the current batch); null runs until stopped.</summary>
    public TimeSpan? UntilIdle { get; init; }

    /// <summary>Stop after this many batches; null runs until stopped.</summary>
    public int? MaxBatches { get; init; }

    /// <summary>This instance's name in part file names; defaults to the host name and process id.</summary>
    public string InstanceId { get; init; } = DefaultInstanceId();

    /// <summary>The record fields the jobs read.</summary>
    public RecordFieldNames Fields { get; init; } = new();

    /// <summary>Also publish dead letters to this topic (headers: reason, partition, offset); null writes them to files only.</summary>
    public string? DeadLetterTopic { get; init; }

    /// <summary>Extra librdkafka settings for every client the job makes (security, timeouts), applied last.</summary>
    public IReadOnlyDictionary<string, string> KafkaSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>The directory a job writes its tables under.</summary>
    public string JobOutputDirectory(string jobName) => Path.Combine(OutputDirectory, jobName, Topic);

    /// <summary>The folder that holds a job's default checkpoints and its instances' locks.</summary>
    public string CheckpointsRoot(string jobName) => Path.Combine(JobOutputDirectory(jobName), "_checkpoints");

    /// <summary>The checkpoint directory in effect for a job.</summary>
    public string EffectiveCheckpointDirectory(string jobName) =>
        CheckpointDirectory ?? Path.Combine(CheckpointsRoot(jobName), InstanceId);

    /// <summary>The consumer group in effect for a job.</summary>
    public string EffectiveGroupId(string jobName) => GroupId ?? $"kpipe-{jobName}-{Topic}";

    /// <summary>The default instance id of a job run in code: the host name (letters and digits) and the process id.</summary>
    public static string DefaultInstanceId() =>
        string.Create(CultureInfo.InvariantCulture, $"{HostName()}-{Environment.ProcessId}");

    /// <summary>The host name with every character but ASCII letters and digits replaced, as instance ids use it.</summary>
    public static string HostName() => SafeName(Environment.MachineName);

    private static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
