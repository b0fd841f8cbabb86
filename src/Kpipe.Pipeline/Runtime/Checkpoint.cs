using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kpipe.IO;
using Kpipe.Pipeline.Sinks;

namespace Kpipe.Pipeline.Runtime;

/// <summary>
/// A job's checkpoint directory, laid out as Spark Structured Streaming's: <c>offsets/&lt;batchId&gt;</c> holds each batch's plan,
/// <c>commits/&lt;batchId&gt;</c> marks it done. Files are written whole (temporary name, then rename); old entries are pruned.
/// </summary>
public sealed class Checkpoint
{
    private readonly string _offsets;
    private readonly string _commits;
    private readonly int _retainedBatches;

    /// <summary>Opens (creating) the checkpoint at <paramref name="directory"/>, keeping the last <paramref name="retainedBatches"/> entries.</summary>
    public Checkpoint(string directory, int retainedBatches = 100)
    {
        Directory = directory;
        _offsets = Path.Combine(directory, "offsets");
        _commits = Path.Combine(directory, "commits");
        _retainedBatches = retainedBatches;
        System.IO.Directory.CreateDirectory(_offsets);
        System.IO.Directory.CreateDirectory(_commits);
    }

    /// <summary>The checkpoint's root directory.</summary>
    public string Directory { get; }

    /// <summary>The highest batch id with a plan, or null when none was ever planned.</summary>
    public long? LatestPlanned() => Latest(_offsets);

    /// <summary>The highest batch id with a commit entry, or null when none was ever committed.</summary>
    public long? LatestCommitted() => Latest(_commits);

    /// <summary>Writes a batch's plan before it runs.</summary>
    public Task WritePlanAsync(BatchPlan plan, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(PathOf(_offsets, plan.BatchId), JsonSerializer.Serialize(plan, CheckpointJsonContext.Default.BatchPlan), cancellationToken);

    /// <summary>Reads a batch's plan; null when there is none.</summary>
    public Task<BatchPlan?> ReadPlanAsync(long batchId, CancellationToken cancellationToken) =>
        ReadEntryAsync(_offsets, batchId, CheckpointJsonContext.Default.BatchPlan, cancellationToken);

    /// <summary>Marks a batch done, then prunes entries older than the retention.</summary>
    public async Task WriteCommitAsync(BatchCommit commit, CancellationToken cancellationToken)
    {
        await AtomicFile.WriteAllTextAsync(PathOf(_commits, commit.BatchId), JsonSerializer.Serialize(commit, CheckpointJsonContext.Default.BatchCommit), cancellationToken);
        Prune(commit.BatchId - _retainedBatches);
    }

    /// <summary>Reads a batch's commit entry; null when the batch was not committed.</summary>
    public Task<BatchCommit?> ReadCommitAsync(long batchId, CancellationToken cancellationToken) =>
        ReadEntryAsync(_commits, batchId, CheckpointJsonContext.Default.BatchCommit, cancellationToken);

    private static async Task<T?> ReadEntryAsync<T>(string folder, long batchId, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var path = PathOf(folder, batchId);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(file, typeInfo, cancellationToken)
            ?? throw new InvalidDataException($"{path} is empty");
    }

    private void Prune(long belowBatchId)
    {
        foreach (var folder in new[] { _offsets, _commits })
        {
            foreach (var id in Ids(folder).Where(id => id < belowBatchId))
            {
                File.Delete(PathOf(folder, id));
            }
        }
    }

    private static long? Latest(string folder)
    {
        long? latest = null;
        foreach (var id in Ids(folder))
        {
            latest = latest is null || id > latest ? id : latest;
        }
        return latest;
    }

    private static IEnumerable<long> Ids(string folder) =>
        System.IO.Directory.EnumerateFiles(folder)
            .Select(Path.GetFileName)
            .Select(name => long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0);

    private static string PathOf(string folder, long batchId) => Path.Combine(folder, batchId.ToString(CultureInfo.InvariantCulture));
}
