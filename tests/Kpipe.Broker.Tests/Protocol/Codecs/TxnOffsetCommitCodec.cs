using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of TxnOffsetCommit: the request encoder and the response decoder.</summary>
internal static class TxnOffsetCommitCodec
{
    extension(TxnOffsetCommitApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = TxnOffsetCommitApi.Versions.IsFlexible(version);
            w.WriteString(request.TransactionalId, flex);
            w.WriteString(request.GroupId, flex);
            w.WriteInt64(request.ProducerId);
            w.WriteInt16(request.ProducerEpoch);
            if (version >= 3)
            {
                w.WriteInt32(request.GenerationId);
                w.WriteString(request.MemberId, flex);
                w.WriteNullableString(request.GroupInstanceId, flex);
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
                    if (version >= 2)
                    {
                        w.WriteInt32(partition.CommittedLeaderEpoch);
                    }

                    w.WriteNullableString(partition.CommittedMetadata, flex);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(TxnOffsetCommitApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, TxnOffsetCommitApi.Versions.At(version));
    }

    extension(TxnOffsetCommitApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static TxnOffsetCommitApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = TxnOffsetCommitApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var topics = new TopicData<TxnOffsetCommitApi.Response.Partition>[r.ReadArrayCount(flex)];
            for (var t = 0; t < topics.Length; t++)
            {
                var name = r.ReadString(flex);
                var partitions = new TxnOffsetCommitApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var p = 0; p < partitions.Length; p++)
                {
                    partitions[p] = new TxnOffsetCommitApi.Response.Partition(r.ReadInt32(), (ErrorCode)r.ReadInt16());
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                topics[t] = new TopicData<TxnOffsetCommitApi.Response.Partition>(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new TxnOffsetCommitApi.Response(topics, throttle);
        }
    }
}
