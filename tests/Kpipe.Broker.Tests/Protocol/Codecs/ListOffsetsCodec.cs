using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of ListOffsets, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class ListOffsetsCodec
{
    extension(ListOffsetsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = ListOffsetsApi.Versions.IsFlexible(version);
            w.WriteInt32(request.ReplicaId);
            if (version >= 2)
            {
                w.WriteInt8(request.IsolationLevel);
            }

            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var t in request.Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteArrayLength(t.Partitions.Count, flex);
                foreach (var p in t.Partitions)
                {
                    w.WriteInt32(p.PartitionIndex);
                    if (version >= 4)
                    {
                        w.WriteInt32(p.CurrentLeaderEpoch);
                    }

                    w.WriteInt64(p.Timestamp);
                    if (version == 0)
                    {
                        w.WriteInt32(p.MaxNumOffsets);
                    }

                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(ListOffsetsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, ListOffsetsApi.Versions.At(version));
    }

    extension(ListOffsetsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static ListOffsetsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = ListOffsetsApi.Versions.IsFlexible(version);
            var throttle = version >= 2 ? r.ReadInt32() : 0;
            var topics = new TopicData<ListOffsetsApi.Response.Partition>[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var partitions = new ListOffsetsApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    var index = r.ReadInt32();
                    var error = (ErrorCode)r.ReadInt16();
                    if (version == 0)
                    {
                        // v0's offsets array, read back as the one offset kpipe answers (MaxNumOffsets = its length).
                        var count = r.ReadArrayCount(flex);
                        var offsets = new long[count];
                        for (var k = 0; k < count; k++)
                        {
                            offsets[k] = r.ReadInt64();
                        }

                        partitions[j] = new ListOffsetsApi.Response.Partition(index, error, -1, count > 0 ? offsets[0] : -1, -1, count);
                        continue;
                    }

                    var timestamp = r.ReadInt64();
                    var offset = r.ReadInt64();
                    var epoch = version >= 4 ? r.ReadInt32() : -1;
                    r.SkipTaggedFields(flex);
                    partitions[j] = new ListOffsetsApi.Response.Partition(index, error, timestamp, offset, epoch);
                }

                r.SkipTaggedFields(flex);
                topics[i] = new TopicData<ListOffsetsApi.Response.Partition>(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new ListOffsetsApi.Response(topics, throttle);
        }
    }
}
