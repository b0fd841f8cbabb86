using Kpipe.Broker.Authorization;
using Kpipe.Broker.Metadata;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Apis;

/// <summary>Answers every requested partition of every topic from its log, keeping the request's order.</summary>
internal static class PartitionAnswers
{
    /// <summary>
    /// Looks each partition's log up and lets <paramref name="answer"/> build its response entry; the partitions of a
    /// topic the sender may not do <paramref name="operation"/> to get TOPIC_AUTHORIZATION_FAILED, as Kafka answers.
    /// </summary>
    public static TopicData<TResponse>[] Collect<TRequest, TResponse, TAnswer>(
        ITopicRegistry registry, IReadOnlyList<TopicData<TRequest>> requested, ref TAnswer answer, RequestAccess access, AclOperation operation)
        where TAnswer : struct, IPartitionAnswer<TRequest, TResponse>
    {
        var topics = new TopicData<TResponse>[requested.Count];
        for (var i = 0; i < topics.Length; i++)
        {
            var topic = requested[i];
            var partitions = new TResponse[topic.Partitions.Count];
            var allowed = access.AllowsTopic(topic.Name, operation);
            for (var j = 0; j < partitions.Length; j++)
            {
                var p = topic.Partitions[j];
                var log = allowed ? registry.GetLog(topic.Name, answer.PartitionIndex(p)) : null;
                partitions[j] = log is not null ? answer.FromLog(p, log)
                    : answer.Refuse(p, allowed ? ErrorCode.UnknownTopicOrPartition : ErrorCode.TopicAuthorizationFailed);
            }

            topics[i] = new TopicData<TResponse>(topic.Name, partitions);
        }

        return topics;
    }
}
