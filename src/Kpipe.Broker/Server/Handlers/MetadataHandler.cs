using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;
using Kpipe.Broker.Protocol.Messages;

namespace Kpipe.Broker.Server.Handlers;

/// <summary>
/// Metadata v0–12: this node as the only broker and controller, topics with every partition led by it.
/// v1 adds controller/rack/internal and null = all topics (v0: [] = all, P13); v2 cluster id; v4
/// allow_auto_topic_creation; v5 offline replicas; v7 leader epoch (always -1, P4); v8 authorized
/// operations (not computed: INT32_MIN); v9 flexible; v10 topic ids. Auto-created topics are answered
/// as created. We do not look topics up by id (a null name gets UNKNOWN_TOPIC_ID).
/// </summary>
internal sealed class MetadataHandler(BrokerContext context)
{
    /// <summary>Builds the response for <paramref name="request"/>.</summary>
    public MetadataResponse Handle(MetadataRequest request, short version)
    {
        var all = request.Topics is null || (version == 0 && request.Topics.Count == 0);
        var topics = new List<MetadataResponse.Topic>();
        if (all)
        {
            foreach (var info in context.Topics.ListTopics())
            {
                topics.Add(Describe(info));
            }
        }
        else
        {
            foreach (var requested in request.Topics!)
            {
                topics.Add(Lookup(requested, request.AllowAutoTopicCreation));
            }
        }

        var brokers = new[] { new MetadataResponse.Broker(context.NodeId, context.AdvertisedHost, context.AdvertisedPort) };
        return new MetadataResponse(brokers, context.ClusterId, context.NodeId, topics);
    }

    private MetadataResponse.Topic Lookup(MetadataRequest.Topic requested, bool allowAutoCreate)
    {
        if (requested.Name is null)
        {
            return new MetadataResponse.Topic(ErrorCode.UnknownTopicId, null, requested.TopicId, false, []);
        }

        if (context.Topics.TryGetTopic(requested.Name, out var info))
        {
            return Describe(info);
        }

        var error = ErrorCode.UnknownTopicOrPartition;
        if (allowAutoCreate)
        {
            var outcome = context.Topics.EnsureTopic(requested.Name);
            if (outcome.Error == ErrorCode.None && context.Topics.TryGetTopic(requested.Name, out info))
            {
                return Describe(info);
            }

            error = outcome.Error == ErrorCode.None ? ErrorCode.LeaderNotAvailable : outcome.Error;
        }

        return new MetadataResponse.Topic(error, requested.Name, Guid.Empty, false, []);
    }

    private MetadataResponse.Topic Describe(TopicInfo info)
    {
        var node = new[] { context.NodeId };
        var partitions = new MetadataResponse.Partition[info.PartitionCount];
        for (var i = 0; i < partitions.Length; i++)
        {
            partitions[i] = new MetadataResponse.Partition(ErrorCode.None, i, context.NodeId, -1, node, node, []);
        }

        return new MetadataResponse.Topic(ErrorCode.None, info.Name, info.TopicId, info.Name.StartsWith("__", StringComparison.Ordinal), partitions);
    }
}
