using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of SaslHandshake: the request encoder and the response decoder (requests are read through RequestReading).</summary>
internal static class SaslHandshakeCodec
{
    extension(SaslHandshakeApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version) => w.WriteString(request.Mechanism, false);
    }

    extension(SaslHandshakeApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, SaslHandshakeApi.Versions.At(version));
    }

    extension(SaslHandshakeApi.Response)
    {
        /// <summary>Decodes the body (tests and tools).</summary>
        public static SaslHandshakeApi.Response Read(ref KafkaReader r, short version) => new((ErrorCode)r.ReadInt16(), r.ReadStringArray(false));
    }
}
