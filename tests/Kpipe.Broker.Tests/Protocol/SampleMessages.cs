using Kpipe.Broker.Apis;
using Kpipe.Broker.Authorization;
using Kpipe.Broker.Configs;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>A populated request and response for every served API, plus the matching decoders, for round-trip tests.</summary>
internal static class SampleMessages
{
    private static readonly byte[] Batch = TestBatches.OfValues("a", "b");

    public static (Action<KafkaWriter, short> Write, MessageReader<Action<KafkaWriter, short>> Read) Request(ApiKey key) => key switch
    {
        ApiKey.ApiVersions => (new ApiVersionsApi.Request("kpipe-test", "1.0").Write, (ref KafkaReader r, short v) => ApiVersionsApi.Request.Read(ref r, v).Write),
        ApiKey.Metadata => (new MetadataApi.Request([new("orders"), new("clicks")], false, true, true).Write, (ref KafkaReader r, short v) => MetadataApi.Request.Read(ref r, v).Write),
        ApiKey.Produce => (new ProduceApi.Request("txn", -1, 30000, [new("orders", [new(0, Batch), new(1, null)])]).Write, (ref KafkaReader r, short v) => ProduceApi.Request.Read(ref r, v).Write),
        ApiKey.Fetch => (new FetchApi.Request(-1, 500, 1, 52428800, 1, 0, -1, [new("orders", [new(0, -1, 42, -1, 0, 1048576)])], "rack-a").Write, (ref KafkaReader r, short v) => FetchApi.Request.Read(ref r, v).Write),
        ApiKey.ListOffsets => (new ListOffsetsApi.Request(-1, 1, [new("orders", [new(0, -1, -2), new(1, -1, 1700000000000)])]).Write, (ref KafkaReader r, short v) => ListOffsetsApi.Request.Read(ref r, v).Write),
        ApiKey.CreateTopics => (new CreateTopicsApi.Request([new("orders", 3, 1, [], [new("retention.ms", "1000"), new("cleanup.policy", null)]), new("placed", -1, -1, [new(0, [1]), new(1, [1])], [])], 30000, true).Write, (ref KafkaReader r, short v) => CreateTopicsApi.Request.Read(ref r, v).Write),
        ApiKey.DeleteTopics => (new DeleteTopicsApi.Request(["orders", "clicks"], 30000).Write, (ref KafkaReader r, short v) => DeleteTopicsApi.Request.Read(ref r, v).Write),
        ApiKey.CreatePartitions => (new CreatePartitionsApi.Request([new("orders", 6, null), new("clicks", 3, [[1], [1]])], 30000, true).Write, (ref KafkaReader r, short v) => CreatePartitionsApi.Request.Read(ref r, v).Write),
        ApiKey.DescribeConfigs => (new DescribeConfigsApi.Request([new(2, "orders", null), new(4, "1", ["log.retention.ms"])], true, true).Write, (ref KafkaReader r, short v) => DescribeConfigsApi.Request.Read(ref r, v).Write),
        ApiKey.AlterConfigs => (new AlterConfigsApi.Request([new(2, "orders", [new("retention.ms", "1000"), new("cleanup.policy", null)]), new(4, "", [])], true).Write, (ref KafkaReader r, short v) => AlterConfigsApi.Request.Read(ref r, v).Write),
        ApiKey.IncrementalAlterConfigs => (new IncrementalAlterConfigsApi.Request([new(2, "orders", [new("retention.ms", ConfigOperation.Set, "1000"), new("cleanup.policy", ConfigOperation.Append, "compact"), new("segment.ms", ConfigOperation.Delete, null)])], true).Write, (ref KafkaReader r, short v) => IncrementalAlterConfigsApi.Request.Read(ref r, v).Write),
        ApiKey.DescribeUserScramCredentials => (new DescribeUserScramCredentialsApi.Request(["alice", "bob"]).Write, (ref KafkaReader r, short v) => DescribeUserScramCredentialsApi.Request.Read(ref r, v).Write),
        ApiKey.AlterUserScramCredentials => (new AlterUserScramCredentialsApi.Request([new("bob", 2)], [new("alice", 1, 8192, [1, 2, 3], new byte[32])]).Write, (ref KafkaReader r, short v) => AlterUserScramCredentialsApi.Request.Read(ref r, v).Write),
        ApiKey.DescribeCluster => (new DescribeClusterApi.Request(true, 1).Write, (ref KafkaReader r, short v) => DescribeClusterApi.Request.Read(ref r, v).Write),
        ApiKey.DescribeTransactions => (new DescribeTransactionsApi.Request(["txn-1", "txn-2"]).Write, (ref KafkaReader r, short v) => DescribeTransactionsApi.Request.Read(ref r, v).Write),
        ApiKey.ListTransactions => (new ListTransactionsApi.Request(["Ongoing", "Nope"], [1000, 1001], 60000).Write, (ref KafkaReader r, short v) => ListTransactionsApi.Request.Read(ref r, v).Write),
        ApiKey.OffsetForLeaderEpoch => (new OffsetForLeaderEpochApi.Request(-1, [new("orders", [new(0, 0, 0), new(1, -1, -1)])]).Write, (ref KafkaReader r, short v) => OffsetForLeaderEpochApi.Request.Read(ref r, v).Write),
        ApiKey.DeleteRecords => (new DeleteRecordsApi.Request([new("orders", [new(0, 10), new(1, -1)])], 30000).Write, (ref KafkaReader r, short v) => DeleteRecordsApi.Request.Read(ref r, v).Write),
        ApiKey.FindCoordinator => (new FindCoordinatorApi.Request("group-1").Write, (ref KafkaReader r, short v) => FindCoordinatorApi.Request.Read(ref r, v).Write),
        ApiKey.JoinGroup => (new JoinGroupApi.Request("group-1", 30000, 60000, "member-1", "instance-1", "consumer", [new("range", [0, 1, 2]), new("roundrobin", [])]).Write, (ref KafkaReader r, short v) => JoinGroupApi.Request.Read(ref r, v).Write),
        ApiKey.SyncGroup => (new SyncGroupApi.Request("group-1", 3, "member-1", "instance-1", null, null, [new("member-1", [1]), new("member-2", [])]).Write, (ref KafkaReader r, short v) => SyncGroupApi.Request.Read(ref r, v).Write),
        ApiKey.Heartbeat => (new HeartbeatApi.Request("group-1", 3, "member-1", "instance-1").Write, (ref KafkaReader r, short v) => HeartbeatApi.Request.Read(ref r, v).Write),
        ApiKey.LeaveGroup => (new LeaveGroupApi.Request("group-1", [new("member-1", null)]).Write, (ref KafkaReader r, short v) => LeaveGroupApi.Request.Read(ref r, v).Write),
        ApiKey.OffsetCommit => (new OffsetCommitApi.Request("group-1", 3, "member-1", "instance-1", 1000, [new("orders", [new(0, 42, 5, "meta"), new(1, 7, -1, null)])]).Write, (ref KafkaReader r, short v) => OffsetCommitApi.Request.Read(ref r, v).Write),
        ApiKey.OffsetFetch => (new OffsetFetchApi.Request("group-1", [new("orders", [0, 1])], true).Write, (ref KafkaReader r, short v) => OffsetFetchApi.Request.Read(ref r, v).Write),
        ApiKey.OffsetDelete => (new OffsetDeleteApi.Request("group-1", [new("orders", [0, 1])]).Write, (ref KafkaReader r, short v) => OffsetDeleteApi.Request.Read(ref r, v).Write),
        ApiKey.DescribeGroups => (new DescribeGroupsApi.Request(["group-1", "group-2"], true).Write, (ref KafkaReader r, short v) => DescribeGroupsApi.Request.Read(ref r, v).Write),
        ApiKey.ListGroups => (new ListGroupsApi.Request(["Stable"], ["classic"]).Write, (ref KafkaReader r, short v) => ListGroupsApi.Request.Read(ref r, v).Write),
        ApiKey.SaslHandshake => (new SaslHandshakeApi.Request("SCRAM-SHA-256").Write, (ref KafkaReader r, short v) => SaslHandshakeApi.Request.Read(ref r, v).Write),
        ApiKey.SaslAuthenticate => (new SaslAuthenticateApi.Request("n,,n=user,r=abc"u8.ToArray()).Write, (ref KafkaReader r, short v) => SaslAuthenticateApi.Request.Read(ref r, v).Write),
        ApiKey.DeleteGroups => (new DeleteGroupsApi.Request(["group-1", "group-2"]).Write, (ref KafkaReader r, short v) => DeleteGroupsApi.Request.Read(ref r, v).Write),
        ApiKey.InitProducerId => (new InitProducerIdApi.Request(null, 60000, 17, 2).Write, (ref KafkaReader r, short v) => InitProducerIdApi.Request.Read(ref r, v).Write),
        ApiKey.AddPartitionsToTxn => (new AddPartitionsToTxnApi.Request("txn-1", 1000, 2, [new("orders", [0, 1]), new("clicks", [3])]).Write, (ref KafkaReader r, short v) => AddPartitionsToTxnApi.Request.Read(ref r, v).Write),
        ApiKey.AddOffsetsToTxn => (new AddOffsetsToTxnApi.Request("txn-1", 1000, 2, "group-1").Write, (ref KafkaReader r, short v) => AddOffsetsToTxnApi.Request.Read(ref r, v).Write),
        ApiKey.EndTxn => (new EndTxnApi.Request("txn-1", 1000, 2, true).Write, (ref KafkaReader r, short v) => EndTxnApi.Request.Read(ref r, v).Write),
        ApiKey.TxnOffsetCommit => (new TxnOffsetCommitApi.Request("txn-1", "group-1", 1000, 2, 3, "member-1", "instance-1", [new("orders", [new(0, 42, 5, "meta"), new(1, 7, -1, null)])]).Write, (ref KafkaReader r, short v) => TxnOffsetCommitApi.Request.Read(ref r, v).Write),
        ApiKey.DescribeAcls => (new DescribeAclsApi.Request(new AclBindingFilter(AclResourceType.Any, null, AclPatternType.Literal, "User:alice", null, AclOperation.Any, AclPermissionType.Allow)).Write, (ref KafkaReader r, short v) => DescribeAclsApi.Request.Read(ref r, v).Write),
        ApiKey.CreateAcls => (new CreateAclsApi.Request([new AclBinding(AclResourceType.Topic, "orders", AclPatternType.Literal, "User:alice", "*", AclOperation.Read, AclPermissionType.Allow), new AclBinding(AclResourceType.Group, "app-", AclPatternType.Literal, "User:bob", "10.0.0.1", AclOperation.All, AclPermissionType.Deny)]).Write, (ref KafkaReader r, short v) => CreateAclsApi.Request.Read(ref r, v).Write),
        ApiKey.DeleteAcls => (new DeleteAclsApi.Request([new AclBindingFilter(AclResourceType.Any, null, AclPatternType.Literal, "User:alice", null, AclOperation.Any, AclPermissionType.Allow), AclBindingFilter.Everything with { PatternType = AclPatternType.Literal }]).Write, (ref KafkaReader r, short v) => DeleteAclsApi.Request.Read(ref r, v).Write),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "no sample request: add one for every API in ApiRegistry"),
    };

    public static (Action<KafkaWriter, short> Write, MessageReader<Action<KafkaWriter, short>> Read) Response(ApiKey key) => key switch
    {
        ApiKey.ApiVersions => (new ApiVersionsApi.Response(ErrorCode.None, ApiRegistry.All, 7).Write, (ref KafkaReader r, short v) => ApiVersionsApi.Response.Read(ref r, v).Write),
        ApiKey.Metadata => (new MetadataApi.Response([new(1, "localhost", 9092, "rack")], "cluster-1", 1, [new(ErrorCode.None, "orders", Guid.NewGuid(), false, [new(ErrorCode.None, 0, 1, -1, [1], [1], [])], 8), new(ErrorCode.UnknownTopicOrPartition, "nope", Guid.Empty, false, [])], 3).Write, (ref KafkaReader r, short v) => MetadataApi.Response.Read(ref r, v).Write),
        ApiKey.Produce => (new ProduceApi.Response([new("orders", [new(0, ErrorCode.None, 42, -1, 0), new(1, ErrorCode.CorruptMessage, -1, -1, 0, "bad crc")])], 5).Write, (ref KafkaReader r, short v) => ProduceApi.Response.Read(ref r, v).Write),
        ApiKey.Fetch => (new FetchApi.Response(ErrorCode.None, 0, [new("orders", [new(0, ErrorCode.None, 2, 2, 0, -1, Batch), new(1, ErrorCode.OffsetOutOfRange, 0, 0, 0, -1, ReadOnlyMemory<byte>.Empty)])], 4).Write, (ref KafkaReader r, short v) => FetchApi.Response.Read(ref r, v).Write),
        ApiKey.ListOffsets => (new ListOffsetsApi.Response([new("orders", [new(0, ErrorCode.None, 1700000000000, 12), new(1, ErrorCode.UnknownTopicOrPartition, -1, -1)])], 2).Write, (ref KafkaReader r, short v) => ListOffsetsApi.Response.Read(ref r, v).Write),
        ApiKey.CreateTopics => (new CreateTopicsApi.Response([new("orders", ErrorCode.None, null), new("big", ErrorCode.InvalidReplicationFactor, "single node")], 1).Write, (ref KafkaReader r, short v) => CreateTopicsApi.Response.Read(ref r, v).Write),
        ApiKey.DeleteTopics => (new DeleteTopicsApi.Response([new("orders", ErrorCode.None), new("nope", ErrorCode.UnknownTopicOrPartition)], 1).Write, (ref KafkaReader r, short v) => DeleteTopicsApi.Response.Read(ref r, v).Write),
        ApiKey.CreatePartitions => (new CreatePartitionsApi.Response([new("orders", ErrorCode.None, null), new("clicks", ErrorCode.InvalidPartitions, "too few")], 1).Write, (ref KafkaReader r, short v) => CreatePartitionsApi.Response.Read(ref r, v).Write),
        ApiKey.DescribeConfigs => (new DescribeConfigsApi.Response([new(ErrorCode.None, null, 2, "orders", [new("retention.ms", "1000", false, 1, false) { Synonyms = [new("retention.ms", "1000", ConfigSource.TopicOverride), new("log.retention.hours", "168", ConfigSource.Default)], ConfigType = ConfigType.Long, Documentation = "how long" }, new("cleanup.policy", "delete", false, 5, false) { ConfigType = ConfigType.List }])], 1).Write, (ref KafkaReader r, short v) => DescribeConfigsApi.Response.Read(ref r, v).Write),
        ApiKey.AlterConfigs => (new AlterConfigsApi.Response([new(ErrorCode.None, null, 2, "orders"), new(ErrorCode.InvalidConfig, "Unknown topic config name: x", 2, "clicks")], 3).Write, (ref KafkaReader r, short v) => AlterConfigsApi.Response.Read(ref r, v).Write),
        ApiKey.IncrementalAlterConfigs => (new IncrementalAlterConfigsApi.Response([new(ErrorCode.InvalidRequest, "append", 2, "orders"), new(ErrorCode.None, null, 4, "1")], 3).Write, (ref KafkaReader r, short v) => IncrementalAlterConfigsApi.Response.Read(ref r, v).Write),
        ApiKey.DescribeUserScramCredentials => (new DescribeUserScramCredentialsApi.Response(ErrorCode.None, null, [new("alice", ErrorCode.None, null, [(1, 4096), (2, 8192)]), new("carol", ErrorCode.ResourceNotFound, "no such user", [])], 2).Write, (ref KafkaReader r, short v) => DescribeUserScramCredentialsApi.Response.Read(ref r, v).Write),
        ApiKey.AlterUserScramCredentials => (new AlterUserScramCredentialsApi.Response([new("alice", ErrorCode.None, null), new("bob", ErrorCode.UnacceptableCredential, "Too few iterations")], 2).Write, (ref KafkaReader r, short v) => AlterUserScramCredentialsApi.Response.Read(ref r, v).Write),
        ApiKey.DescribeCluster => (new DescribeClusterApi.Response(ErrorCode.None, null, 1, "cluster-1", 1, [new(1, "localhost", 9092)], 2).Write, (ref KafkaReader r, short v) => DescribeClusterApi.Response.Read(ref r, v).Write),
        ApiKey.DescribeTransactions => (new DescribeTransactionsApi.Response([new(ErrorCode.None, "txn-1", "Ongoing", 60000, 1700000000000, 1000, 2, [new("orders", [0, 1])]), new(ErrorCode.TransactionalIdNotFound, "txn-2", "", 0, -1, -1, -1, [])], 3).Write, (ref KafkaReader r, short v) => DescribeTransactionsApi.Response.Read(ref r, v).Write),
        ApiKey.ListTransactions => (new ListTransactionsApi.Response(ErrorCode.None, ["Nope"], [new("txn-1", 1000, "Ongoing"), new("txn-3", 1002, "CompleteCommit")], 3).Write, (ref KafkaReader r, short v) => ListTransactionsApi.Response.Read(ref r, v).Write),
        ApiKey.OffsetForLeaderEpoch => (new OffsetForLeaderEpochApi.Response([new("orders", [new(ErrorCode.None, 0, 0, 12), new(ErrorCode.UnknownLeaderEpoch, 1, -1, -1)])], 1).Write, (ref KafkaReader r, short v) => OffsetForLeaderEpochApi.Response.Read(ref r, v).Write),
        ApiKey.DeleteRecords => (new DeleteRecordsApi.Response([new("orders", [new(0, 10, ErrorCode.None), new(1, -1, ErrorCode.OffsetOutOfRange)])], 1).Write, (ref KafkaReader r, short v) => DeleteRecordsApi.Response.Read(ref r, v).Write),
        ApiKey.FindCoordinator => (new FindCoordinatorApi.Response(ErrorCode.None, "ok", 1, "localhost", 9092, 3).Write, (ref KafkaReader r, short v) => FindCoordinatorApi.Response.Read(ref r, v).Write),
        ApiKey.JoinGroup => (new JoinGroupApi.Response(ErrorCode.None, 3, "consumer", "range", "member-1", "member-2", [new("member-1", "instance-1", [1, 2]), new("member-2", null, [])], false, 4).Write, (ref KafkaReader r, short v) => JoinGroupApi.Response.Read(ref r, v).Write),
        ApiKey.SyncGroup => (new SyncGroupApi.Response(ErrorCode.None, "consumer", "range", [0, 1, 2], 4).Write, (ref KafkaReader r, short v) => SyncGroupApi.Response.Read(ref r, v).Write),
        ApiKey.Heartbeat => (new HeartbeatApi.Response(ErrorCode.RebalanceInProgress, 4).Write, (ref KafkaReader r, short v) => HeartbeatApi.Response.Read(ref r, v).Write),
        ApiKey.LeaveGroup => (new LeaveGroupApi.Response(ErrorCode.None, [new("member-1", null, ErrorCode.None), new("", "instance-1", ErrorCode.UnknownMemberId)], 4).Write, (ref KafkaReader r, short v) => LeaveGroupApi.Response.Read(ref r, v).Write),
        ApiKey.OffsetCommit => (new OffsetCommitApi.Response([new("orders", [new(0, ErrorCode.None), new(1, ErrorCode.OffsetMetadataTooLarge)])], 4).Write, (ref KafkaReader r, short v) => OffsetCommitApi.Response.Read(ref r, v).Write),
        ApiKey.OffsetFetch => (new OffsetFetchApi.Response([new("orders", [new(0, 42, 5, "meta", ErrorCode.None), new(1, -1, -1, "", ErrorCode.None)])], ErrorCode.None, 4).Write, (ref KafkaReader r, short v) => OffsetFetchApi.Response.Read(ref r, v).Write),
        ApiKey.OffsetDelete => (new OffsetDeleteApi.Response(ErrorCode.None, [new("orders", [new(0, ErrorCode.GroupSubscribedToTopic)])], 4).Write, (ref KafkaReader r, short v) => OffsetDeleteApi.Response.Read(ref r, v).Write),
        ApiKey.DescribeGroups => (new DescribeGroupsApi.Response([new(ErrorCode.None, "group-1", "Stable", "consumer", "range", [new("member-1", "instance-1", "client", "/127.0.0.1", [1], [2])], 328)], 4).Write, (ref KafkaReader r, short v) => DescribeGroupsApi.Response.Read(ref r, v).Write),
        ApiKey.ListGroups => (new ListGroupsApi.Response(ErrorCode.None, [new("group-1", "consumer", "Stable")], 4).Write, (ref KafkaReader r, short v) => ListGroupsApi.Response.Read(ref r, v).Write),
        ApiKey.SaslHandshake => (new SaslHandshakeApi.Response(ErrorCode.UnsupportedSaslMechanism, ["PLAIN", "SCRAM-SHA-512"]).Write, (ref KafkaReader r, short v) => SaslHandshakeApi.Response.Read(ref r, v).Write),
        ApiKey.SaslAuthenticate => (new SaslAuthenticateApi.Response(ErrorCode.SaslAuthenticationFailed, "bad", "v=abc"u8.ToArray()).Write, (ref KafkaReader r, short v) => SaslAuthenticateApi.Response.Read(ref r, v).Write),
        ApiKey.DeleteGroups => (new DeleteGroupsApi.Response([new("group-1", ErrorCode.None), new("group-2", ErrorCode.NonEmptyGroup)], 4).Write, (ref KafkaReader r, short v) => DeleteGroupsApi.Response.Read(ref r, v).Write),
        ApiKey.InitProducerId => (new InitProducerIdApi.Response(ErrorCode.None, 1000, 0, 4).Write, (ref KafkaReader r, short v) => InitProducerIdApi.Response.Read(ref r, v).Write),
        ApiKey.AddPartitionsToTxn => (new AddPartitionsToTxnApi.Response([new("orders", [new(0, ErrorCode.None), new(1, ErrorCode.OperationNotAttempted)])], 1).Write, (ref KafkaReader r, short v) => AddPartitionsToTxnApi.Response.Read(ref r, v).Write),
        ApiKey.AddOffsetsToTxn => (new AddOffsetsToTxnApi.Response(ErrorCode.ProducerFenced, 1).Write, (ref KafkaReader r, short v) => AddOffsetsToTxnApi.Response.Read(ref r, v).Write),
        ApiKey.EndTxn => (new EndTxnApi.Response(ErrorCode.InvalidTxnState, 1).Write, (ref KafkaReader r, short v) => EndTxnApi.Response.Read(ref r, v).Write),
        ApiKey.TxnOffsetCommit => (new TxnOffsetCommitApi.Response([new("orders", [new(0, ErrorCode.None), new(1, ErrorCode.UnknownTopicOrPartition)])], 1).Write, (ref KafkaReader r, short v) => TxnOffsetCommitApi.Response.Read(ref r, v).Write),
        ApiKey.DescribeAcls => (new DescribeAclsApi.Response(ErrorCode.None, null, [new(AclResourceType.Topic, "orders", AclPatternType.Literal, [new AclBinding(AclResourceType.Topic, "orders", AclPatternType.Literal, "User:alice", "*", AclOperation.Read, AclPermissionType.Allow)]), new(AclResourceType.Group, "app-", AclPatternType.Literal, [new AclBinding(AclResourceType.Group, "app-", AclPatternType.Literal, "User:bob", "10.0.0.1", AclOperation.All, AclPermissionType.Deny)])], 2).Write, (ref KafkaReader r, short v) => DescribeAclsApi.Response.Read(ref r, v).Write),
        ApiKey.CreateAcls => (new CreateAclsApi.Response([new(ErrorCode.None, null), new(ErrorCode.InvalidRequest, "Invalid operation Any")], 2).Write, (ref KafkaReader r, short v) => CreateAclsApi.Response.Read(ref r, v).Write),
        ApiKey.DeleteAcls => (new DeleteAclsApi.Response([new(ErrorCode.None, null, [new AclBinding(AclResourceType.Topic, "orders", AclPatternType.Literal, "User:alice", "*", AclOperation.Read, AclPermissionType.Allow), new AclBinding(AclResourceType.Group, "app-", AclPatternType.Literal, "User:bob", "10.0.0.1", AclOperation.All, AclPermissionType.Deny)]), new(ErrorCode.InvalidRequest, "Invalid operation Unknown", [])], 2).Write, (ref KafkaReader r, short v) => DeleteAclsApi.Response.Read(ref r, v).Write),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "no sample response: add one for every API in ApiRegistry"),
    };

    public static TheoryData<ApiKey, short> EveryRegisteredVersion()
    {
        var data = new TheoryData<ApiKey, short>();
        foreach (var api in ApiRegistry.All)
        {
            for (var v = api.MinVersion; v <= api.MaxVersion; v++)
            {
                data.Add(api.Key, v);
            }
        }

        return data;
    }
}
