using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;
using Kpipe.Broker.Server.Handlers;

namespace Kpipe.Broker.Server;

/// <summary>
/// Decodes a request body, runs its handler and frames the response: a <c>switch</c> over the API key.
/// Adding an API = a Messages file, a handler, an <see cref="ApiRegistry"/> entry and a case here.
/// </summary>
internal sealed class RequestDispatcher(BrokerContext context, Groups.GroupCoordinator groups, Producers.ProducerIdManager producerIds, Producers.ProducerStateManager producerStates)
{
    private readonly ApiVersionsHandler _apiVersions = new();
    private readonly MetadataHandler _metadata = new(context);
    private readonly ProduceHandler _produce = new(context, producerStates);
    private readonly FetchHandler _fetch = new(context);
    private readonly ListOffsetsHandler _listOffsets = new(context);
    private readonly CreateTopicsHandler _createTopics = new(context);
    private readonly DeleteTopicsHandler _deleteTopics = new(context);
    private readonly CreatePartitionsHandler _createPartitions = new(context);
    private readonly DescribeConfigsHandler _describeConfigs = new(context);
    private readonly DescribeClusterHandler _describeCluster = new(context);
    private readonly DeleteRecordsHandler _deleteRecords = new(context);
    private readonly FindCoordinatorHandler _findCoordinator = new(context);
    private readonly JoinGroupHandler _joinGroup = new(groups);
    private readonly SyncGroupHandler _syncGroup = new(groups);
    private readonly HeartbeatHandler _heartbeat = new(groups);
    private readonly LeaveGroupHandler _leaveGroup = new(groups);
    private readonly OffsetCommitHandler _offsetCommit = new(groups);
    private readonly OffsetFetchHandler _offsetFetch = new(groups);
    private readonly OffsetDeleteHandler _offsetDelete = new(groups);
    private readonly DescribeGroupsHandler _describeGroups = new(groups);
    private readonly ListGroupsHandler _listGroups = new(groups);
    private readonly DeleteGroupsHandler _deleteGroups = new(groups);
    private readonly InitProducerIdHandler _initProducerId = new(producerIds);

    /// <summary>Handles one request, appending its framed response (if any) to <paramref name="output"/>.</summary>
    public ValueTask<DispatchResult> DispatchAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter output, string clientHost, CancellationToken cancellationToken)
    {
        var version = header.ApiVersion;
        if (!ApiRegistry.TryGet(header.ApiKey, out var range) || !range.Supports(version))
        {
            if (header.ApiKey != ApiKey.ApiVersions)
            {
                return new(DispatchResult.UnsupportedRequest);
            }

            // §1: a v0-shaped UNSUPPORTED_VERSION answer listing our range, so the client can step down.
            return Respond(header, 0, output, _apiVersions.Unsupported);
        }

        switch (header.ApiKey)
        {
            case ApiKey.ApiVersions:
                return Decode(body, version, ApiVersionsRequest.Read, out _) ? Respond(header, version, output, _apiVersions.Handle()) : Malformed();
            case ApiKey.Metadata:
                return Decode(body, version, MetadataRequest.Read, out var metadata) ? Respond(header, version, output, _metadata.Handle(metadata, version)) : Malformed();
            case ApiKey.Produce:
                return Decode(body, version, ProduceRequest.Read, out var produce) ? Produce(header, output, produce) : Malformed();
            case ApiKey.Fetch:
                return Decode(body, version, FetchRequest.Read, out var fetch) ? FetchAsync(header, output, fetch, cancellationToken) : Malformed();
            case ApiKey.ListOffsets:
                return Decode(body, version, ListOffsetsRequest.Read, out var listOffsets) ? Respond(header, version, output, _listOffsets.Handle(listOffsets)) : Malformed();
            case ApiKey.CreateTopics:
                return Decode(body, version, CreateTopicsRequest.Read, out var createTopics) ? Respond(header, version, output, _createTopics.Handle(createTopics)) : Malformed();
            case ApiKey.DeleteTopics:
                return Decode(body, version, DeleteTopicsRequest.Read, out var deleteTopics) ? Respond(header, version, output, _deleteTopics.Handle(deleteTopics)) : Malformed();
            case ApiKey.CreatePartitions:
                return Decode(body, version, CreatePartitionsRequest.Read, out var createPartitions) ? Respond(header, version, output, _createPartitions.Handle(createPartitions)) : Malformed();
            case ApiKey.DescribeConfigs:
                return Decode(body, version, DescribeConfigsRequest.Read, out var describeConfigs) ? Respond(header, version, output, _describeConfigs.Handle(describeConfigs)) : Malformed();
            case ApiKey.DescribeCluster:
                return Decode(body, version, DescribeClusterRequest.Read, out var describeCluster) ? Respond(header, version, output, _describeCluster.Handle(describeCluster)) : Malformed();
            case ApiKey.DeleteRecords:
                return Decode(body, version, DeleteRecordsRequest.Read, out var deleteRecords) ? Respond(header, version, output, _deleteRecords.Handle(deleteRecords)) : Malformed();
            case ApiKey.FindCoordinator:
                return Decode(body, version, FindCoordinatorRequest.Read, out var findCoordinator) ? Respond(header, version, output, _findCoordinator.Handle(findCoordinator)) : Malformed();
            case ApiKey.JoinGroup:
                return Decode(body, version, JoinGroupRequest.Read, out var joinGroup) ? JoinGroupAsync(header, output, joinGroup, clientHost, cancellationToken) : Malformed();
            case ApiKey.SyncGroup:
                return Decode(body, version, SyncGroupRequest.Read, out var syncGroup) ? SyncGroupAsync(header, output, syncGroup, cancellationToken) : Malformed();
            case ApiKey.Heartbeat:
                return Decode(body, version, HeartbeatRequest.Read, out var heartbeat) ? Respond(header, version, output, _heartbeat.Handle(heartbeat)) : Malformed();
            case ApiKey.LeaveGroup:
                return Decode(body, version, LeaveGroupRequest.Read, out var leaveGroup) ? Respond(header, version, output, _leaveGroup.Handle(leaveGroup, version)) : Malformed();
            case ApiKey.OffsetCommit:
                return Decode(body, version, OffsetCommitRequest.Read, out var offsetCommit) ? Respond(header, version, output, _offsetCommit.Handle(offsetCommit)) : Malformed();
            case ApiKey.OffsetFetch:
                return Decode(body, version, OffsetFetchRequest.Read, out var offsetFetch) ? Respond(header, version, output, _offsetFetch.Handle(offsetFetch)) : Malformed();
            case ApiKey.OffsetDelete:
                return Decode(body, version, OffsetDeleteRequest.Read, out var offsetDelete) ? Respond(header, version, output, _offsetDelete.Handle(offsetDelete)) : Malformed();
            case ApiKey.DescribeGroups:
                return Decode(body, version, DescribeGroupsRequest.Read, out var describeGroups) ? Respond(header, version, output, _describeGroups.Handle(describeGroups)) : Malformed();
            case ApiKey.ListGroups:
                return Decode(body, version, ListGroupsRequest.Read, out var listGroups) ? Respond(header, version, output, _listGroups.Handle(listGroups)) : Malformed();
            case ApiKey.DeleteGroups:
                return Decode(body, version, DeleteGroupsRequest.Read, out var deleteGroups) ? Respond(header, version, output, _deleteGroups.Handle(deleteGroups)) : Malformed();
            case ApiKey.InitProducerId:
                return Decode(body, version, InitProducerIdRequest.Read, out var initProducerId) ? Respond(header, version, output, _initProducerId.Handle(initProducerId)) : Malformed();
            default:
                return new(DispatchResult.UnsupportedRequest);
        }
    }

    private ValueTask<DispatchResult> Produce(RequestHeader header, KafkaWriter output, ProduceRequest request)
    {
        var response = _produce.Handle(request);
        return request.Acks == 0 ? new(DispatchResult.NoResponse) : Respond(header, header.ApiVersion, output, response);
    }

    private async ValueTask<DispatchResult> FetchAsync(RequestHeader header, KafkaWriter output, FetchRequest request, CancellationToken cancellationToken)
    {
        var response = await _fetch.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return Write(header, header.ApiVersion, output, response);
    }

    private async ValueTask<DispatchResult> JoinGroupAsync(RequestHeader header, KafkaWriter output, JoinGroupRequest request, string clientHost, CancellationToken cancellationToken)
    {
        var response = await _joinGroup.HandleAsync(request, header.ApiVersion, header.ClientId, clientHost, cancellationToken).ConfigureAwait(false);
        return Write(header, header.ApiVersion, output, response);
    }

    private async ValueTask<DispatchResult> SyncGroupAsync(RequestHeader header, KafkaWriter output, SyncGroupRequest request, CancellationToken cancellationToken)
    {
        var response = await _syncGroup.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return Write(header, header.ApiVersion, output, response);
    }

    private static bool Decode<T>(ReadOnlyMemory<byte> body, short version, MessageReader<T> read, out T request)
    {
        var reader = new KafkaReader(body);
        request = read(ref reader, version);
        return !reader.Failed;
    }

    private static ValueTask<DispatchResult> Malformed() => new(DispatchResult.MalformedRequest);

    private static ValueTask<DispatchResult> Respond(RequestHeader header, short version, KafkaWriter output, IResponseBody body) =>
        new(Write(header, version, output, body));

    private static DispatchResult Write(RequestHeader header, short version, KafkaWriter output, IResponseBody body)
    {
        var sizeAt = output.ReserveInt32();
        ResponseHeader.Write(output, header.ApiKey, version, header.CorrelationId);
        body.Write(output, version);
        output.PatchInt32(sizeAt, output.Length - sizeAt - 4);
        return DispatchResult.Responded;
    }
}
