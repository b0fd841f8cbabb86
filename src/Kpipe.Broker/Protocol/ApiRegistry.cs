namespace Kpipe.Broker.Protocol;

/// <summary>
/// The single list of APIs the broker serves and advertises; ApiVersions is built from it and the
/// connection refuses anything outside it, so what is advertised and what is served cannot drift.
/// Ranges follow the "advertise" column of the protocol cheat sheet (§4).
/// </summary>
public static class ApiRegistry
{
    /// <summary>Every served API, in api-key order.</summary>
    public static IReadOnlyList<ApiVersionRange> All { get; } =
    [
        new(ApiKey.Produce, 3, 9, 9),
        new(ApiKey.Fetch, 4, 12, 12),
        new(ApiKey.ListOffsets, 1, 7, 6),
        new(ApiKey.Metadata, 0, 12, 9),
        new(ApiKey.OffsetCommit, 2, 8, 8),
        new(ApiKey.OffsetFetch, 1, 7, 6),
        new(ApiKey.FindCoordinator, 0, 2, 3),
        new(ApiKey.JoinGroup, 0, 5, 6),
        new(ApiKey.Heartbeat, 0, 3, 4),
        new(ApiKey.LeaveGroup, 0, 3, 4),
        new(ApiKey.SyncGroup, 0, 3, 4),
        new(ApiKey.DescribeGroups, 0, 5, 5),
        new(ApiKey.ListGroups, 0, 5, 3),
        new(ApiKey.ApiVersions, 0, 3, 3),
        new(ApiKey.CreateTopics, 3, 4, 5),
        new(ApiKey.DeleteTopics, 1, 4, 4),
        new(ApiKey.DeleteRecords, 0, 2, 2),
        new(ApiKey.InitProducerId, 0, 4, 2),
        new(ApiKey.DescribeConfigs, 1, 2, 4),
        new(ApiKey.CreatePartitions, 0, 2, 2),
        new(ApiKey.DeleteGroups, 0, 2, 2),
        new(ApiKey.OffsetDelete, 0, 0, short.MaxValue),
        new(ApiKey.DescribeCluster, 0, 1, 0),
    ];

    /// <summary>Finds the served range of <paramref name="key"/>.</summary>
    public static bool TryGet(ApiKey key, out ApiVersionRange range)
    {
        foreach (var candidate in All)
        {
            if (candidate.Key == key)
            {
                range = candidate;
                return true;
            }
        }

        range = default;
        return false;
    }

    /// <summary>Whether the request header for (<paramref name="key"/>, <paramref name="version"/>) is v2 (flexible).</summary>
    public static bool IsFlexibleRequest(ApiKey key, short version)
    {
        // ApiVersions newer than we serve is still flexible: "3+" is open-ended (§1).
        if (key == ApiKey.ApiVersions)
        {
            return version >= 3;
        }

        return TryGet(key, out var range) && range.IsFlexible(version);
    }
}
