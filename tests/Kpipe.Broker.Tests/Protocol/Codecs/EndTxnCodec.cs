using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of EndTxn: the request encoder and the response decoder.</summary>
internal static class EndTxnCodec
{
    extension(EndTxnApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = EndTxnApi.Versions.IsFlexible(version);
            w.WriteString(request.TransactionalId, flex);
            w.WriteInt64(request.ProducerId);
            w.WriteInt16(request.ProducerEpoch);
            w.WriteBool(request.Committed);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(EndTxnApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, EndTxnApi.Versions.At(version));
    }

    extension(EndTxnApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static EndTxnApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            var error = (ErrorCode)r.ReadInt16();
            r.SkipTaggedFields(EndTxnApi.Versions.IsFlexible(version));
            return new EndTxnApi.Response(error, throttle);
        }
    }
}
