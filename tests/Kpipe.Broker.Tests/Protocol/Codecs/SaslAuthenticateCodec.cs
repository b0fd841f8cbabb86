using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of SaslAuthenticate: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class SaslAuthenticateCodec
{
    extension(SaslAuthenticateApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            var flex = SaslAuthenticateApi.Versions.IsFlexible(version);
            w.WriteNullableBytes(request.AuthBytes.Span, flex);
            w.WriteEmptyTaggedFields(flex);
        }
    }

    extension(SaslAuthenticateApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, SaslAuthenticateApi.Versions.At(version));
    }

    extension(SaslAuthenticateApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static SaslAuthenticateApi.Response Read(ref KafkaReader r, short version)
        {
            var flex = SaslAuthenticateApi.Versions.IsFlexible(version);
            var error = (ErrorCode)r.ReadInt16();
            var message = r.ReadNullableString(flex);
            r.ReadNullableBytes(flex, out var bytes);
            var lifetime = version >= 1 ? r.ReadInt64() : 0;
            r.SkipTaggedFields(flex);
            return new SaslAuthenticateApi.Response(error, message, bytes.ToArray(), lifetime);
        }
    }
}
