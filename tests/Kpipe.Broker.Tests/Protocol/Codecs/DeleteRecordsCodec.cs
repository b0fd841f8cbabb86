using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DeleteRecords, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class DeleteRecordsCodec
{
    extension(DeleteRecordsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = DeleteRecordsApi.Versions.IsFlexible(version);
            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var t in request.Topics)
            {
                w.WriteString(t.Name, flex);
                w.WriteArrayLength(t.Partitions.Count, flex);
                foreach (var p in t.Partitions)
                {
                    w.WriteInt32(p.PartitionIndex);
                    w.WriteInt64(p.Offset);
                    w.WriteEmptyTaggedFields(flex);
                }

                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteInt32(request.TimeoutMs);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(DeleteRecordsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DeleteRecordsApi.Versions.At(version));
    }

    extension(DeleteRecordsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static DeleteRecordsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = DeleteRecordsApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var topics = new TopicData<DeleteRecordsApi.Response.Partition>[r.ReadArrayCount(flex)];
            for (var i = 0; i < topics.Length; i++)
            {
                var name = r.ReadString(flex);
                var partitions = new DeleteRecordsApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var j = 0; j < partitions.Length; j++)
                {
                    partitions[j] = new DeleteRecordsApi.Response.Partition(r.ReadInt32(), r.ReadInt64(), (ErrorCode)r.ReadInt16());
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                topics[i] = new TopicData<DeleteRecordsApi.Response.Partition>(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new DeleteRecordsApi.Response(topics, throttle);
        }
    }
}
