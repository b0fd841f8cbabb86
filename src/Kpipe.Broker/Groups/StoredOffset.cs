namespace Kpipe.Broker.Groups;

/// <summary>A committed offset as kept in memory and on disk, with the commit time that offset retention counts from.</summary>
internal sealed record StoredOffset(long Offset, int LeaderEpoch, string Metadata, DateTimeOffset CommitTimestamp);
