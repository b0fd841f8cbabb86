using Kpipe.Pipeline.Runtime;

namespace Kpipe.Bench;

/// <summary>
/// A finished job run read back from its checkpoint: each batch starts when its plan (<c>offsets/N</c>) is written and
/// ends when its commit entry (<c>commits/N</c>) is, so the files' times say when batches ran and how long the runtime
/// sat between one batch's commit and the next one's plan.
/// </summary>
public sealed record CheckpointTimeline(long Records, IReadOnlyList<(DateTimeOffset Planned, DateTimeOffset Committed)> Batches)
{
    /// <summary>When the last batch committed.</summary>
    public DateTimeOffset LastCommit => Batches[^1].Committed;

    /// <summary>Time between each batch's commit and the next batch's plan, summed.</summary>
    public TimeSpan IdleBetweenBatches => Gaps().Aggregate(TimeSpan.Zero, (sum, gap) => sum + gap);

    /// <summary>The longest time between a batch's commit and the next batch's plan.</summary>
    public TimeSpan LongestGap => Gaps().DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>Reads every committed batch of the checkpoint at <paramref name="directory"/>; throws when none committed.</summary>
    public static async Task<CheckpointTimeline> ReadAsync(string directory)
    {
        var checkpoint = new Checkpoint(directory);
        var last = checkpoint.LatestCommitted() ?? throw new InvalidOperationException($"the job committed no batch in {directory}");
        var batches = new List<(DateTimeOffset, DateTimeOffset)>();
        long records = 0;
        for (var id = 0L; id <= last; id++)
        {
            var plan = await checkpoint.ReadPlanAsync(id, CancellationToken.None)
                ?? throw new InvalidOperationException($"{directory} has no plan for batch {id}: the run was not one fresh run");
            records += plan.Ranges.Sum(r => r.UntilOffset - r.FromOffset);
            batches.Add((Written(Path.Combine(directory, "offsets", id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                Written(Path.Combine(directory, "commits", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        }
        return new CheckpointTimeline(records, batches);
    }

    private IEnumerable<TimeSpan> Gaps() => Batches.Skip(1).Select((b, i) => b.Planned - Batches[i].Committed);

    private static DateTimeOffset Written(string path) => new(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
}
