using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DescribeCluster, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class DescribeClusterCodec
{
    extension(DescribeClusterApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            w.WriteBool(request.IncludeClusterAuthorizedOperations);
            if (version >= 1)
            {
                w.WriteInt8(request.EndpointType);
            }

            w.WriteEmptyTaggedFields(true);
        }
    }

    extension(DescribeClusterApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DescribeClusterApi.Versions.At(version));
    }

    extension(DescribeClusterApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static DescribeClusterApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            var error = (ErrorCode)r.ReadInt16();
            var message = r.ReadNullableString(true);
            var endpoint = version >= 1 ? r.ReadInt8() : (sbyte)1;
            var clusterId = r.ReadString(true);
            var controller = r.ReadInt32();
            var brokers = new DescribeClusterApi.Response.Broker[r.ReadArrayCount(true)];
            for (var i = 0; i < brokers.Length; i++)
            {
                brokers[i] = new DescribeClusterApi.Response.Broker(r.ReadInt32(), r.ReadString(true), r.ReadInt32(), r.ReadNullableString(true));
                r.SkipTaggedFields(true);
            }

            r.ReadInt32();
            r.SkipTaggedFields(true);
            return new DescribeClusterApi.Response(error, message, endpoint, clusterId, controller, brokers, throttle);
        }
    }
}
