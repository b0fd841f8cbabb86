using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of ApiVersions, which the broker never needs: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class ApiVersionsCodec
{
    extension(ApiVersionsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            if (version < 3)
            {
                return;
            }

            w.WriteString(request.ClientSoftwareName ?? string.Empty, true);
            w.WriteString(request.ClientSoftwareVersion ?? string.Empty, true);
            w.WriteEmptyTaggedFields(true);
        }
    }

    extension(ApiVersionsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, ApiVersionsApi.Versions.At(version));
    }

    extension(ApiVersionsApi.Response)
    {
        /// <summary>Decodes the body (flexible fields are not known to the decoder: the key list has no flexible-from).</summary>
        public static ApiVersionsApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = ApiVersionsApi.Versions.IsFlexible(version);
            var error = (ErrorCode)r.ReadInt16();
            var count = r.ReadArrayCount(flex);
            var keys = new ApiVersionRange[count];
            for (var i = 0; i < count; i++)
            {
                var key = (ApiKey)r.ReadInt16();
                var min = r.ReadInt16();
                var max = r.ReadInt16();
                r.SkipTaggedFields(flex);
                keys[i] = new ApiVersionRange(key, min, max, ApiRegistry.TryGet(key, out var known) ? known.FlexibleFrom : short.MaxValue);
            }

            var throttle = version >= 1 ? r.ReadInt32() : 0;
            r.SkipTaggedFields(flex);
            return new ApiVersionsApi.Response(error, keys, throttle);
        }
    }
}
