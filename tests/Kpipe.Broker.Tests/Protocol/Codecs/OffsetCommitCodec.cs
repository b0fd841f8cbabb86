using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of OffsetCommit, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class OffsetCommitCodec
{
    extension(OffsetCommitApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = OffsetCommitApi.Versions.IsFlexible(version);
            w.WriteString(request.GroupId, flex);
            if (version >= 1)
            {
                w.WriteInt32(request.GenerationId);
                w.WriteString(request.MemberId, flex);
            }

            if (version >= 7)
            {
                w.WriteNullableString(request.GroupInstanceId, flex);
            }

            if (version is >= 2 and <= 4)
            {
                w.WriteInt64(request.RetentionTimeMs);
            }

            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var topic in request.Topics)
            {
                w.WriteString(topic.Name, flex);
                w.WriteArrayLength(topic.Partitions.Count, flex);
                foreach (var partition in topic.Partitions)
                {
                    w.WriteInt32(partition.PartitionIndex);
                    w.WriteInt64(partition.CommittedOffset);
                    if (version >= 6)
                    {
                        w.WriteInt32(partition.CommittedLeaderEpoch);
                    }

                    if (version == 1)
                    {
                        w.WriteInt64(-1);
                    }

                    w.WriteNullableString(partition.CommittedMetadata, flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(OffsetCommitApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, OffsetCommitApi.Versions.At(version));
    }

    extension(OffsetCommitApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static OffsetCommitApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = OffsetCommitApi.Versions.IsFlexible(version);
            var throttle = version >= 3 ? r.ReadInt32() : 0;
            var topicCount = r.ReadArrayCount(flex);
            var topics = new TopicData<OffsetCommitApi.Response.Partition>[topicCount];
            for (var t = 0; t < topicCount; t++)
            {
                var name = r.ReadString(flex);
                var partitionCount = r.ReadArrayCount(flex);
                var partitions = new OffsetCommitApi.Response.Partition[partitionCount];
                for (var p = 0; p < partitionCount; p++)
                {
                    partitions[p] = new OffsetCommitApi.Response.Partition(r.ReadInt32(), (ErrorCode)r.ReadInt16());
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                topics[t] = new TopicData<OffsetCommitApi.Response.Partition>(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new OffsetCommitApi.Response(topics, throttle);
        }
    }
}
