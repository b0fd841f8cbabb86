using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DescribeTransactions: the request encoder and the response decoder.</summary>
internal static class DescribeTransactionsCodec
{
    extension(DescribeTransactionsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            w.WriteStringArray(request.TransactionalIds, true);
            w.WriteEmptyTaggedFields(true);
        }
    }

    extension(DescribeTransactionsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DescribeTransactionsApi.Versions.At(version));
    }

    extension(DescribeTransactionsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static DescribeTransactionsApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            var states = new DescribeTransactionsApi.Response.TransactionState[r.ReadArrayCount(true)];
            for (var i = 0; i < states.Length; i++)
            {
                var error = (ErrorCode)r.ReadInt16();
                var id = r.ReadString(true);
                var state = r.ReadString(true);
                var timeout = r.ReadInt32();
                var started = r.ReadInt64();
                var producerId = r.ReadInt64();
                var epoch = r.ReadInt16();
                var topics = new TopicData<int>[r.ReadArrayCount(true)];
                for (var j = 0; j < topics.Length; j++)
                {
                    topics[j] = new TopicData<int>(r.ReadString(true), r.ReadInt32Array(true));
                    r.SkipTaggedFields(true);
                }

                r.SkipTaggedFields(true);
                states[i] = new DescribeTransactionsApi.Response.TransactionState(error, id, state, timeout, started, producerId, epoch, topics);
            }

            r.SkipTaggedFields(true);
            return new DescribeTransactionsApi.Response(states, throttle);
        }
    }
}
