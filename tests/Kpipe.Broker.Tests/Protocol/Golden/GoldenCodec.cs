using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol.Golden;

/// <summary>
/// The golden tests' only contact with kpipe's codecs: decodes a request header or body and reduces a decoded request
/// to a normalized view (the keys scripts/golden-capture/annotate.py writes), so the tests survive codec renames.
/// </summary>
internal static class GoldenCodec
{
    /// <summary>Whether kpipe serves (<paramref name="key"/>, <paramref name="version"/>).</summary>
    public static bool IsServed(ApiKey key, short version) => ApiRegistry.TryGet(key, out var range) && range.Supports(version);

    /// <summary>Reads a request header; <paramref name="consumed"/> is how many bytes it took.</summary>
    public static bool TryDecodeHeader(byte[] header, out ApiKey key, out short version, out string? clientId, out int consumed)
    {
        var reader = new KafkaReader(header);
        var decoded = RequestHeader.Read(ref reader);
        (key, version, clientId, consumed) = (decoded.ApiKey, decoded.ApiVersion, decoded.ClientId, reader.Position);
        return !reader.Failed;
    }

    /// <summary>Decodes a request body with kpipe's reader for <paramref name="key"/>.</summary>
    public static bool TryDecodeRequest(ApiKey key, short version, byte[] body, out object request, out int consumed)
    {
        var messageVersion = ApiRegistry.TryGet(key, out var range) && range.Supports(version)
            ? range.At(version)
            : throw new ArgumentOutOfRangeException(nameof(version), version, $"{key} v{version} is not served");
        var reader = new KafkaReader(body);
        request = key switch
        {
            ApiKey.Produce => Read<ProduceApi.Request>(ref reader, messageVersion),
            ApiKey.Fetch => Read<FetchApi.Request>(ref reader, messageVersion),
            ApiKey.ListOffsets => Read<ListOffsetsApi.Request>(ref reader, messageVersion),
            ApiKey.Metadata => Read<MetadataApi.Request>(ref reader, messageVersion),
            ApiKey.OffsetCommit => Read<OffsetCommitApi.Request>(ref reader, messageVersion),
            ApiKey.OffsetFetch => Read<OffsetFetchApi.Request>(ref reader, messageVersion),
            ApiKey.FindCoordinator => Read<FindCoordinatorApi.Request>(ref reader, messageVersion),
            ApiKey.JoinGroup => Read<JoinGroupApi.Request>(ref reader, messageVersion),
            ApiKey.Heartbeat => Read<HeartbeatApi.Request>(ref reader, messageVersion),
            ApiKey.LeaveGroup => Read<LeaveGroupApi.Request>(ref reader, messageVersion),
            ApiKey.SyncGroup => Read<SyncGroupApi.Request>(ref reader, messageVersion),
            ApiKey.DescribeGroups => Read<DescribeGroupsApi.Request>(ref reader, messageVersion),
            ApiKey.ListGroups => Read<ListGroupsApi.Request>(ref reader, messageVersion),
            ApiKey.ApiVersions => Read<ApiVersionsApi.Request>(ref reader, messageVersion),
            ApiKey.CreateTopics => Read<CreateTopicsApi.Request>(ref reader, messageVersion),
            ApiKey.DeleteTopics => Read<DeleteTopicsApi.Request>(ref reader, messageVersion),
            ApiKey.DeleteRecords => Read<DeleteRecordsApi.Request>(ref reader, messageVersion),
            ApiKey.OffsetForLeaderEpoch => Read<OffsetForLeaderEpochApi.Request>(ref reader, messageVersion),
            ApiKey.InitProducerId => Read<InitProducerIdApi.Request>(ref reader, messageVersion),
            ApiKey.AddPartitionsToTxn => Read<AddPartitionsToTxnApi.Request>(ref reader, messageVersion),
            ApiKey.AddOffsetsToTxn => Read<AddOffsetsToTxnApi.Request>(ref reader, messageVersion),
            ApiKey.EndTxn => Read<EndTxnApi.Request>(ref reader, messageVersion),
            ApiKey.TxnOffsetCommit => Read<TxnOffsetCommitApi.Request>(ref reader, messageVersion),
            ApiKey.DescribeConfigs => Read<DescribeConfigsApi.Request>(ref reader, messageVersion),
            ApiKey.AlterConfigs => Read<AlterConfigsApi.Request>(ref reader, messageVersion),
            ApiKey.IncrementalAlterConfigs => Read<IncrementalAlterConfigsApi.Request>(ref reader, messageVersion),
            ApiKey.DescribeUserScramCredentials => Read<DescribeUserScramCredentialsApi.Request>(ref reader, messageVersion),
            ApiKey.AlterUserScramCredentials => Read<AlterUserScramCredentialsApi.Request>(ref reader, messageVersion),
            ApiKey.CreatePartitions => Read<CreatePartitionsApi.Request>(ref reader, messageVersion),
            ApiKey.DeleteGroups => Read<DeleteGroupsApi.Request>(ref reader, messageVersion),
            ApiKey.OffsetDelete => Read<OffsetDeleteApi.Request>(ref reader, messageVersion),
            ApiKey.DescribeCluster => Read<DescribeClusterApi.Request>(ref reader, messageVersion),
            ApiKey.DescribeTransactions => Read<DescribeTransactionsApi.Request>(ref reader, messageVersion),
            ApiKey.ListTransactions => Read<ListTransactionsApi.Request>(ref reader, messageVersion),
            ApiKey.DescribeAcls => Read<DescribeAclsApi.Request>(ref reader, messageVersion),
            ApiKey.CreateAcls => Read<CreateAclsApi.Request>(ref reader, messageVersion),
            ApiKey.DeleteAcls => Read<DeleteAclsApi.Request>(ref reader, messageVersion),
            ApiKey.SaslHandshake => Read<SaslHandshakeApi.Request>(ref reader, messageVersion),
            ApiKey.SaslAuthenticate => Read<SaslAuthenticateApi.Request>(ref reader, messageVersion),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a served API"),
        };
        consumed = reader.Position;
        return !reader.Failed;
    }

    private static T Read<T>(ref KafkaReader reader, MessageVersion version) where T : IRequestBody<T> => T.Read(ref reader, version);

    /// <summary>
    /// The normalized fields of a decoded request. Every key a version can carry is present; the fixture's expectations
    /// name only the fields its version has on the wire, so defaults for absent fields are never compared.
    /// </summary>
    public static IReadOnlyDictionary<string, string> View(object request) => request switch
    {
        ProduceApi.Request p => new Dictionary<string, string>
        {
            ["transactional_id"] = Text(p.TransactionalId),
            ["acks"] = Text(p.Acks),
            ["timeout"] = Text(p.TimeoutMs),
            ["records"] = Join(";", p.Topics.SelectMany(t => t.Partitions.Select(x => $"{t.Name}/{x.PartitionIndex}={x.Records?.Length ?? 0}"))),
        },
        FetchApi.Request f => new Dictionary<string, string>
        {
            ["max_wait"] = Text(f.MaxWaitMs),
            ["min_bytes"] = Text(f.MinBytes),
            ["max_bytes"] = Text(f.MaxBytes),
            ["isolation"] = Text(f.IsolationLevel),
            ["session"] = Text(f.SessionId),
            ["epoch"] = Text(f.SessionEpoch),
            ["rack"] = f.RackId,
            ["partitions"] = Join(";", f.Topics.SelectMany(t => t.Partitions.Select(x => $"{t.Name}/{x.PartitionIndex}@{x.FetchOffset}/{x.PartitionMaxBytes}"))),
        },
        ListOffsetsApi.Request l => new Dictionary<string, string>
        {
            ["replica"] = Text(l.ReplicaId),
            ["isolation"] = Text(l.IsolationLevel),
            ["partitions"] = Join(";", l.Topics.SelectMany(t => t.Partitions.Select(x => $"{t.Name}/{x.PartitionIndex}@{x.Timestamp}"))),
        },
        MetadataApi.Request m => new Dictionary<string, string>
        {
            ["topics"] = m.Topics is null ? "null" : Join(",", m.Topics.Select(t => Text(t.Name))),
            ["auto_create"] = Text(m.AllowAutoTopicCreation),
        },
        OffsetCommitApi.Request c => new Dictionary<string, string>
        {
            ["group"] = c.GroupId,
            ["generation"] = Text(c.GenerationId),
            ["member"] = c.MemberId,
            ["instance"] = Text(c.GroupInstanceId),
            ["offsets"] = Join(";", c.Topics.SelectMany(t => t.Partitions.Select(x => $"{t.Name}/{x.PartitionIndex}={x.CommittedOffset}:{Text(x.CommittedMetadata)}"))),
        },
        OffsetFetchApi.Request o => new Dictionary<string, string>
        {
            ["group"] = o.GroupId,
            ["require_stable"] = Text(o.RequireStable),
            ["partitions"] = o.Topics is null ? "null" : Join(";", o.Topics.Select(t => $"{t.Name}/{Join(",", t.PartitionIndexes.Select(i => Text(i)))}")),
        },
        FindCoordinatorApi.Request f => new Dictionary<string, string> { ["key"] = f.Key, ["key_type"] = Text(f.KeyType) },
        JoinGroupApi.Request j => new Dictionary<string, string>
        {
            ["group"] = j.GroupId,
            ["session_timeout"] = Text(j.SessionTimeoutMs),
            ["rebalance_timeout"] = Text(j.RebalanceTimeoutMs),
            ["member"] = j.MemberId,
            ["instance"] = Text(j.GroupInstanceId),
            ["protocol_type"] = j.ProtocolType,
            ["protocols"] = Join(",", j.Protocols.Select(x => $"{x.Name}={x.Metadata.Length}")),
        },
        HeartbeatApi.Request h => new Dictionary<string, string>
        {
            ["group"] = h.GroupId,
            ["generation"] = Text(h.GenerationId),
            ["member"] = h.MemberId,
            ["instance"] = Text(h.GroupInstanceId),
        },
        LeaveGroupApi.Request l => new Dictionary<string, string> { ["group"] = l.GroupId, ["members"] = Join(",", l.Members.Select(x => x.MemberId)) },
        SyncGroupApi.Request s => new Dictionary<string, string>
        {
            ["group"] = s.GroupId,
            ["generation"] = Text(s.GenerationId),
            ["member"] = s.MemberId,
            ["instance"] = Text(s.GroupInstanceId),
            ["assignments"] = Join(",", s.Assignments.Select(x => $"{x.MemberId}={x.Bytes.Length}")),
        },
        DescribeGroupsApi.Request d => new Dictionary<string, string>
        {
            ["groups"] = Join(",", d.Groups),
            ["include_operations"] = Text(d.IncludeAuthorizedOperations),
        },
        ListGroupsApi.Request l => new Dictionary<string, string> { ["states"] = Join(",", l.StatesFilter), ["types"] = Join(",", l.TypesFilter) },
        ApiVersionsApi.Request a => new Dictionary<string, string>
        {
            ["software_name"] = Text(a.ClientSoftwareName),
            ["software_version"] = Text(a.ClientSoftwareVersion),
        },
        CreateTopicsApi.Request c => new Dictionary<string, string>
        {
            ["timeout"] = Text(c.TimeoutMs),
            ["validate_only"] = Text(c.ValidateOnly),
            ["topics"] = Join(";", c.Topics.Select(t =>
                $"{t.Name}/{t.NumPartitions}/{t.ReplicationFactor}/{t.Assignments.Count}/{Join(",", t.Configs.Select(x => $"{x.Key}={Text(x.Value)}"))}")),
        },
        DeleteTopicsApi.Request d => new Dictionary<string, string> { ["topics"] = Join(",", d.TopicNames), ["timeout"] = Text(d.TimeoutMs) },
        DeleteRecordsApi.Request d => new Dictionary<string, string>
        {
            ["timeout"] = Text(d.TimeoutMs),
            ["offsets"] = Join(";", d.Topics.SelectMany(t => t.Partitions.Select(x => $"{t.Name}/{x.PartitionIndex}={x.Offset}"))),
        },
        SaslHandshakeApi.Request h => new Dictionary<string, string> { ["mechanism"] = h.Mechanism },
        SaslAuthenticateApi.Request a => new Dictionary<string, string> { ["auth_bytes"] = Text(a.AuthBytes.Length) },
        OffsetForLeaderEpochApi.Request e => new Dictionary<string, string>
        {
            ["replica"] = Text(e.ReplicaId),
            ["partitions"] = Join(";", e.Topics.SelectMany(t => t.Partitions.Select(x => $"{t.Name}/{x.PartitionIndex}@{x.CurrentLeaderEpoch}:{x.LeaderEpoch}"))),
        },
        InitProducerIdApi.Request i => new Dictionary<string, string>
        {
            ["transactional_id"] = Text(i.TransactionalId),
            ["transaction_timeout"] = Text(i.TransactionTimeoutMs),
            ["producer_id"] = Text(i.ProducerId),
            ["producer_epoch"] = Text(i.ProducerEpoch),
        },
        AddPartitionsToTxnApi.Request t => new Dictionary<string, string>
        {
            ["transactional_id"] = t.TransactionalId,
            ["producer"] = $"{Text(t.ProducerId)}/{Text(t.ProducerEpoch)}",
            ["partitions"] = Join(";", t.Topics.Select(x => $"{x.Name}/{Join(",", x.Partitions.Select(i => Text(i)))}")),
        },
        AddOffsetsToTxnApi.Request t => new Dictionary<string, string>
        {
            ["transactional_id"] = t.TransactionalId,
            ["producer"] = $"{Text(t.ProducerId)}/{Text(t.ProducerEpoch)}",
            ["group"] = t.GroupId,
        },
        EndTxnApi.Request t => new Dictionary<string, string>
        {
            ["transactional_id"] = t.TransactionalId,
            ["producer"] = $"{Text(t.ProducerId)}/{Text(t.ProducerEpoch)}",
            ["committed"] = Text(t.Committed),
        },
        TxnOffsetCommitApi.Request t => new Dictionary<string, string>
        {
            ["transactional_id"] = t.TransactionalId,
            ["group"] = t.GroupId,
            ["producer"] = $"{Text(t.ProducerId)}/{Text(t.ProducerEpoch)}",
            ["offsets"] = Join(";", t.Topics.SelectMany(x => x.Partitions.Select(p => $"{x.Name}/{p.PartitionIndex}={Text(p.CommittedOffset)}"))),
        },
        DescribeConfigsApi.Request d => new Dictionary<string, string>
        {
            ["include_synonyms"] = Text(d.IncludeSynonyms),
            ["include_documentation"] = Text(d.IncludeDocumentation),
            ["resources"] = Join(";", d.Resources.Select(x =>
                $"{x.ResourceType}/{x.ResourceName}={(x.ConfigurationKeys is null ? "null" : Join(",", x.ConfigurationKeys))}")),
        },
        AlterConfigsApi.Request a => new Dictionary<string, string>
        {
            ["validate_only"] = Text(a.ValidateOnly),
            ["resources"] = Join(";", a.Resources.Select(x => $"{x.ResourceType}/{x.ResourceName}={Join(",", x.Configs.Select(c => $"{c.Key}:{Text(c.Value)}"))}")),
        },
        IncrementalAlterConfigsApi.Request a => new Dictionary<string, string>
        {
            ["validate_only"] = Text(a.ValidateOnly),
            ["resources"] = Join(";", a.Resources.Select(x =>
                $"{x.ResourceType}/{x.ResourceName}={Join(",", x.Configs.Select(c => $"{c.Name}:{c.Operation}:{Text(c.Value)}"))}")),
        },
        DescribeUserScramCredentialsApi.Request d => new Dictionary<string, string> { ["users"] = d.Users is null ? "null" : Join(",", d.Users) },
        AlterUserScramCredentialsApi.Request a => new Dictionary<string, string>
        {
            ["deletions"] = Join(";", a.Deletions.Select(d => $"{d.User}/{d.Mechanism}")),
            ["upsertions"] = Join(";", a.Upsertions.Select(u => $"{u.User}/{u.Mechanism}/{u.Iterations}/{u.Salt?.Length}/{u.SaltedPassword?.Length}")),
        },
        CreatePartitionsApi.Request c => new Dictionary<string, string>
        {
            ["timeout"] = Text(c.TimeoutMs),
            ["validate_only"] = Text(c.ValidateOnly),
            ["topics"] = Join(";", c.Topics.Select(t => $"{t.Name}={t.Count}/{Text(t.Assignments is { Count: > 0 })}")),
        },
        DeleteGroupsApi.Request d => new Dictionary<string, string> { ["groups"] = Join(",", d.GroupsNames) },
        DescribeAclsApi.Request d => new Dictionary<string, string> { ["filters"] = AclFilterText(d.Filter) },
        CreateAclsApi.Request c => new Dictionary<string, string> { ["acls"] = Join(";", c.Creations.Select(a => $"{(sbyte)a.ResourceType}/{a.ResourceName}/{(sbyte)a.PatternType}/{a.Principal}/{a.Host}/{(sbyte)a.Operation}/{(sbyte)a.Permission}")) },
        DeleteAclsApi.Request d => new Dictionary<string, string> { ["filters"] = Join(";", d.Filters.Select(AclFilterText)) },
        OffsetDeleteApi.Request o => new Dictionary<string, string>
        {
            ["group"] = o.GroupId,
            ["partitions"] = Join(";", o.Topics.Select(t => $"{t.Name}/{Join(",", t.PartitionIndexes.Select(i => Text(i)))}")),
        },
        DescribeClusterApi.Request d => new Dictionary<string, string>
        {
            ["include_operations"] = Text(d.IncludeClusterAuthorizedOperations),
            ["endpoint_type"] = Text(d.EndpointType),
        },
        DescribeTransactionsApi.Request d => new Dictionary<string, string> { ["transactional_ids"] = Join(",", d.TransactionalIds) },
        ListTransactionsApi.Request l => new Dictionary<string, string>
        {
            ["states"] = Join(",", l.StateFilters),
            ["producer_ids"] = Join(",", l.ProducerIdFilters.Select(Text)),
            ["duration"] = Text(l.DurationFilter),
        },
        _ => throw new ArgumentException($"no view for {request.GetType().Name}", nameof(request)),
    };

    /// <summary>
    /// Encodes kpipe's response for <paramref name="key"/> at <paramref name="version"/> with fixed sample values (topic
    /// "t", partition 0, node 1 at h:9092, group "g", member "m"), for a real client's decoder to read back.
    /// </summary>
    public static byte[] EncodeSampleResponse(ApiKey key, short version)
    {
        const string topic = "t";
        IResponseBody body = key switch
        {
            ApiKey.Produce => new ProduceApi.Response([new(topic, [new(0, ErrorCode.None, 42)])]),
            ApiKey.Fetch => new FetchApi.Response(ErrorCode.None, 0, [new(topic, [new(0, ErrorCode.None, 5, 5, 0, -1, ReadOnlyMemory<byte>.Empty)])]),
            ApiKey.ListOffsets => new ListOffsetsApi.Response([new(topic, [new(0, ErrorCode.None, -1, 7)])]),
            ApiKey.Metadata => new MetadataApi.Response([new(1, "h", 9092)], "c", 1,
                [new(ErrorCode.None, topic, Guid.Empty, false, [new(ErrorCode.None, 0, 1, 0, [1], [1], [])])]),
            ApiKey.OffsetCommit => new OffsetCommitApi.Response([new(topic, [new(0, ErrorCode.None)])]),
            ApiKey.OffsetFetch => new OffsetFetchApi.Response([new(topic, [new(0, 3, -1, "meta", ErrorCode.None)])]),
            ApiKey.FindCoordinator => new FindCoordinatorApi.Response(ErrorCode.None, null, 1, "h", 9092),
            ApiKey.JoinGroup => new JoinGroupApi.Response(ErrorCode.None, 2, "consumer", "range", "m", "m", [new("m", null, [1, 2])]),
            ApiKey.Heartbeat => new HeartbeatApi.Response(ErrorCode.RebalanceInProgress),
            ApiKey.LeaveGroup => new LeaveGroupApi.Response(ErrorCode.None, [new("m", null, ErrorCode.None)]),
            ApiKey.SyncGroup => new SyncGroupApi.Response(ErrorCode.None, "consumer", "range", [3, 4]),
            ApiKey.DescribeGroups => new DescribeGroupsApi.Response([new(ErrorCode.None, "g", "Stable", "consumer", "range", [new("m", null, "cid", "/127.0.0.1", [1], [2])])]),
            ApiKey.ListGroups => new ListGroupsApi.Response(ErrorCode.None, [new("g", "consumer", "Stable")]),
            ApiKey.ApiVersions => new ApiVersionsApi.Response(ErrorCode.None, [new(ApiKey.Produce, 3, 9, 9)]),
            ApiKey.CreateTopics => new CreateTopicsApi.Response([new(topic, ErrorCode.TopicAlreadyExists, "exists")]),
            ApiKey.DeleteTopics => new DeleteTopicsApi.Response([new(topic, ErrorCode.None)]),
            ApiKey.DescribeConfigs => new DescribeConfigsApi.Response([new(ErrorCode.None, null, 2, topic, [new("retention.ms", "1000", false, 1, false)
            {
                Synonyms = [new("retention.ms", "1000", Kpipe.Broker.Metadata.ConfigSource.TopicOverride), new("log.retention.hours", "168", Kpipe.Broker.Metadata.ConfigSource.Default)],
            }])]),
            ApiKey.CreatePartitions => new CreatePartitionsApi.Response([new(topic, ErrorCode.None, null)]),
            ApiKey.DeleteGroups => new DeleteGroupsApi.Response([new("g", ErrorCode.None)]),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "no sample response"),
        };
        using var writer = new KafkaWriter();
        body.Write(writer, ApiRegistry.TryGet(key, out var range) ? range.At(version) : throw new ArgumentOutOfRangeException(nameof(key), key, "not a served API"));
        return writer.WrittenSpan.ToArray();
    }

    private static string AclFilterText(Kpipe.Broker.Authorization.AclBindingFilter f) =>
        $"{(sbyte)f.ResourceType}/{Text(f.ResourceName)}/{(sbyte)f.PatternType}/{Text(f.Principal)}/{Text(f.Host)}/{(sbyte)f.Operation}/{(sbyte)f.Permission}";

    private static string Join(string separator, IEnumerable<string> parts) => string.Join(separator, parts);

    private static string Text(string? value) => value ?? "null";

    private static string Text(bool value) => value ? "true" : "false";

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
