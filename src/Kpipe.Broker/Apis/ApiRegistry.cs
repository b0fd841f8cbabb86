using System.Diagnostics.CodeAnalysis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>
/// The single list of APIs the broker serves and advertises. Each API declares its versions in its own
/// file; ApiVersions, the request-header parser and the dispatch table are all built from this list, so
/// what is advertised and what is served cannot drift.
/// </summary>
public static class ApiRegistry
{
    private static readonly ApiRegistration[] Registrations =
    [
        new ApiRegistration<ProduceApi, ProduceApi.Request>(),
        new ApiRegistration<FetchApi, FetchApi.Request>(),
        new ApiRegistration<ListOffsetsApi, ListOffsetsApi.Request>(),
        new ApiRegistration<MetadataApi, MetadataApi.Request>(),
        new ApiRegistration<OffsetCommitApi, OffsetCommitApi.Request>(),
        new ApiRegistration<OffsetFetchApi, OffsetFetchApi.Request>(),
        new ApiRegistration<FindCoordinatorApi, FindCoordinatorApi.Request>(),
        new ApiRegistration<JoinGroupApi, JoinGroupApi.Request>(),
        new ApiRegistration<HeartbeatApi, HeartbeatApi.Request>(),
        new ApiRegistration<LeaveGroupApi, LeaveGroupApi.Request>(),
        new ApiRegistration<SyncGroupApi, SyncGroupApi.Request>(),
        new ApiRegistration<DescribeGroupsApi, DescribeGroupsApi.Request>(),
        new ApiRegistration<ListGroupsApi, ListGroupsApi.Request>(),
        new ApiRegistration<SaslHandshakeApi, SaslHandshakeApi.Request>(),
        new ApiRegistration<ApiVersionsApi, ApiVersionsApi.Request>(),
        new ApiRegistration<CreateTopicsApi, CreateTopicsApi.Request>(),
        new ApiRegistration<DeleteTopicsApi, DeleteTopicsApi.Request>(),
        new ApiRegistration<DeleteRecordsApi, DeleteRecordsApi.Request>(),
        new ApiRegistration<InitProducerIdApi, InitProducerIdApi.Request>(),
        new ApiRegistration<OffsetForLeaderEpochApi, OffsetForLeaderEpochApi.Request>(),
        new ApiRegistration<AddPartitionsToTxnApi, AddPartitionsToTxnApi.Request>(),
        new ApiRegistration<AddOffsetsToTxnApi, AddOffsetsToTxnApi.Request>(),
        new ApiRegistration<EndTxnApi, EndTxnApi.Request>(),
        new ApiRegistration<TxnOffsetCommitApi, TxnOffsetCommitApi.Request>(),
        new ApiRegistration<DescribeAclsApi, DescribeAclsApi.Request>(),
        new ApiRegistration<CreateAclsApi, CreateAclsApi.Request>(),
        new ApiRegistration<DeleteAclsApi, DeleteAclsApi.Request>(),
        new ApiRegistration<DescribeConfigsApi, DescribeConfigsApi.Request>(),
        new ApiRegistration<AlterConfigsApi, AlterConfigsApi.Request>(),
        new ApiRegistration<SaslAuthenticateApi, SaslAuthenticateApi.Request>(),
        new ApiRegistration<CreatePartitionsApi, CreatePartitionsApi.Request>(),
        new ApiRegistration<DeleteGroupsApi, DeleteGroupsApi.Request>(),
        new ApiRegistration<IncrementalAlterConfigsApi, IncrementalAlterConfigsApi.Request>(),
        new ApiRegistration<OffsetDeleteApi, OffsetDeleteApi.Request>(),
        new ApiRegistration<DescribeUserScramCredentialsApi, DescribeUserScramCredentialsApi.Request>(),
        new ApiRegistration<AlterUserScramCredentialsApi, AlterUserScramCredentialsApi.Request>(),
        new ApiRegistration<DescribeClusterApi, DescribeClusterApi.Request>(),
        new ApiRegistration<DescribeTransactionsApi, DescribeTransactionsApi.Request>(),
        new ApiRegistration<ListTransactionsApi, ListTransactionsApi.Request>(),
    ];

    private static readonly ApiRegistration?[] ByKey = IndexByKey();

    /// <summary>Every served API, in api-key order.</summary>
    public static IReadOnlyList<ApiVersionRange> All { get; } = [.. Registrations.Select(r => r.Versions)];

    /// <summary>Finds the served range of <paramref name="key"/>.</summary>
    public static bool TryGet(ApiKey key, out ApiVersionRange range)
    {
        var registration = Find(key);
        range = registration?.Versions ?? default;
        return registration is not null;
    }

    /// <summary>Whether the request header for (<paramref name="key"/>, <paramref name="version"/>) is v2 (flexible).</summary>
    public static bool IsFlexibleRequest(ApiKey key, short version)
    {
        // A newer ApiVersions than we serve is still flexible: its header must be parsed to answer UNSUPPORTED_VERSION.
        if (key == ApiKey.ApiVersions)
        {
            return version >= ApiVersionsApi.Versions.FlexibleFrom;
        }

        return TryGet(key, out var range) && range.IsFlexible(version);
    }

    /// <summary>
    /// Decodes the body of a served (<paramref name="key"/>, <paramref name="version"/>) into its API's request
    /// type (e.g. <see cref="ProduceApi.Request"/>); false for an unserved version or a malformed body.
    /// </summary>
    internal static bool TryDecodeRequest(ApiKey key, short version, ReadOnlyMemory<byte> body, [NotNullWhen(true)] out object? request)
    {
        request = null;
        var registration = Find(key);
        return registration is not null
            && registration.Versions.Supports(version)
            && registration.TryDecode(body, registration.Versions.At(version), out request);
    }

    /// <summary>Builds every API's handler, indexed by api key (null where no API is served).</summary>
    internal static IApiHandler?[] CreateHandlers(ApiServices services)
    {
        var handlers = new IApiHandler?[ByKey.Length];
        foreach (var registration in Registrations)
        {
            handlers[(int)registration.Versions.Key] = registration.Create(services);
        }

        return handlers;
    }

    private static ApiRegistration? Find(ApiKey key) => (uint)key < (uint)ByKey.Length ? ByKey[(int)key] : null;

    private static ApiRegistration?[] IndexByKey()
    {
        var byKey = new ApiRegistration?[Registrations.Max(r => (int)r.Versions.Key) + 1];
        foreach (var registration in Registrations)
        {
            byKey[(int)registration.Versions.Key] = registration;
        }

        return byKey;
    }
}
