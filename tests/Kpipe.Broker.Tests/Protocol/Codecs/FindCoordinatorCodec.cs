using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of FindCoordinator, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class FindCoordinatorCodec
{
    extension(FindCoordinatorApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = FindCoordinatorApi.Versions.IsFlexible(version);
            w.WriteString(request.Key, flex);
            if (version >= 1)
            {
                w.WriteInt8(request.KeyType);
            }

            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(FindCoordinatorApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, FindCoordinatorApi.Versions.At(version));
    }

    extension(FindCoordinatorApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static FindCoordinatorApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = FindCoordinatorApi.Versions.IsFlexible(version);
            var throttle = version >= 1 ? r.ReadInt32() : 0;
            var error = (ErrorCode)r.ReadInt16();
            var message = version >= 1 ? r.ReadNullableString(flex) : null;
            var response = new FindCoordinatorApi.Response(error, message, r.ReadInt32(), r.ReadString(flex), r.ReadInt32(), throttle);
            r.SkipTaggedFields(flex);
            return response;
        }
    }
}
