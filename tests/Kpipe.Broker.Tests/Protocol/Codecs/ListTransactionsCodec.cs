using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of ListTransactions: the request encoder and the response decoder.</summary>
internal static class ListTransactionsCodec
{
    extension(ListTransactionsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            w.WriteStringArray(request.StateFilters, true);
            w.WriteArrayLength(request.ProducerIdFilters.Count, true);
            foreach (var producerId in request.ProducerIdFilters)
            {
                w.WriteInt64(producerId);
            }

            if (version >= 1)
            {
                w.WriteInt64(request.DurationFilter);
            }

            w.WriteEmptyTaggedFields(true);
        }
    }

    extension(ListTransactionsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, ListTransactionsApi.Versions.At(version));
    }

    extension(ListTransactionsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static ListTransactionsApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            var error = (ErrorCode)r.ReadInt16();
            var unknown = r.ReadStringArray(true);
            var states = new ListTransactionsApi.Response.TransactionState[r.ReadArrayCount(true)];
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = new ListTransactionsApi.Response.TransactionState(r.ReadString(true), r.ReadInt64(), r.ReadString(true));
                r.SkipTaggedFields(true);
            }

            r.SkipTaggedFields(true);
            return new ListTransactionsApi.Response(error, unknown, states, throttle);
        }
    }
}
