using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of AddOffsetsToTxn: the request encoder and the response decoder.</summary>
internal static class AddOffsetsToTxnCodec
{
    extension(AddOffsetsToTxnApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = AddOffsetsToTxnApi.Versions.IsFlexible(version);
            w.WriteString(request.TransactionalId, flex);
            w.WriteInt64(request.ProducerId);
            w.WriteInt16(request.ProducerEpoch);
            w.WriteString(request.GroupId, flex);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(AddOffsetsToTxnApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, AddOffsetsToTxnApi.Versions.At(version));
    }

    extension(AddOffsetsToTxnApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static AddOffsetsToTxnApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            var error = (ErrorCode)r.ReadInt16();
            r.SkipTaggedFields(AddOffsetsToTxnApi.Versions.IsFlexible(version));
            return new AddOffsetsToTxnApi.Response(error, throttle);
        }
    }
}
