using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of AddPartitionsToTxn: the request encoder and the response decoder.</summary>
internal static class AddPartitionsToTxnCodec
{
    extension(AddPartitionsToTxnApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = AddPartitionsToTxnApi.Versions.IsFlexible(version);
            w.WriteString(request.TransactionalId, flex);
            w.WriteInt64(request.ProducerId);
            w.WriteInt16(request.ProducerEpoch);
            w.WriteArrayLength(request.Topics.Count, flex);
            foreach (var topic in request.Topics)
            {
                w.WriteString(topic.Name, flex);
                w.WriteInt32Array(topic.Partitions, flex);
                w.WriteEmptyTaggedFields(flex);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(AddPartitionsToTxnApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, AddPartitionsToTxnApi.Versions.At(version));
    }

    extension(AddPartitionsToTxnApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static AddPartitionsToTxnApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = AddPartitionsToTxnApi.Versions.IsFlexible(version);
            var throttle = r.ReadInt32();
            var topics = new TopicData<AddPartitionsToTxnApi.Response.Partition>[r.ReadArrayCount(flex)];
            for (var t = 0; t < topics.Length; t++)
            {
                var name = r.ReadString(flex);
                var partitions = new AddPartitionsToTxnApi.Response.Partition[r.ReadArrayCount(flex)];
                for (var p = 0; p < partitions.Length; p++)
                {
                    partitions[p] = new AddPartitionsToTxnApi.Response.Partition(r.ReadInt32(), (ErrorCode)r.ReadInt16());
                    r.SkipTaggedFields(flex);
                }

                r.SkipTaggedFields(flex);
                topics[t] = new TopicData<AddPartitionsToTxnApi.Response.Partition>(name, partitions);
            }

            r.SkipTaggedFields(flex);
            return new AddPartitionsToTxnApi.Response(topics, throttle);
        }
    }
}
