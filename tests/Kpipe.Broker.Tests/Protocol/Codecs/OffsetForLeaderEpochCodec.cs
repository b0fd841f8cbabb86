using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of OffsetForLeaderEpoch, which the broker never needs: the request encoder and the response decoder.</summary>
internal static class OffsetForLeaderEpochCodec
{
    extension(OffsetForLeaderEpochApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = OffsetForLeaderEpochApi.Versions.IsFlexible(version);
            if (version >= 3)
            {
                w.WriteInt32(request.ReplicaId);
            }

            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var t in request.Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteArrayLength(t.Partitions.Count, flex);
                foreach (var p in t.Partitions)
                {
                    w.WriteInt32(p.PartitionIndex);
                    w.WriteInt32(p.CurrentLeaderEpoch);
                    w.WriteInt32(p.LeaderEpoch);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(OffsetForLeaderEpochApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, OffsetForLeaderEpochApi.Versions.At(version));
    }

    extension(OffsetForLeaderEpochApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static OffsetForLeaderEpochApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = OffsetForLeaderEpochApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var topics = new TopicData<OffsetForLeaderEpochApi.Response.Partition>[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var partitions = new OffsetForLeaderEpochApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    partitions[j] = new OffsetForLeaderEpochApi.Response.Partition((ErrorCode)r.ReadInt16(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64());
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                topics[i] = new TopicData<OffsetForLeaderEpochApi.Response.Partition>(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new OffsetForLeaderEpochApi.Response(topics, throttle);
        }
    }
}
