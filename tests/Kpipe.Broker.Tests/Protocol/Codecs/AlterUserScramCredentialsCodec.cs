using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of AlterUserScramCredentials: the request encoder and the response decoder.</summary>
internal static class AlterUserScramCredentialsCodec
{
    extension(AlterUserScramCredentialsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            w.WriteArrayLength(request.Deletions.Count, true);
            foreach (var deletion in request.Deletions)
            {
                w.WriteString(deletion.User, true);
                w.WriteInt8(deletion.Mechanism);
                w.WriteEmptyTaggedFields(true);
            }

            w.WriteArrayLength(request.Upsertions.Count, true);
            foreach (var upsertion in request.Upsertions)
            {
                w.WriteString(upsertion.User, true);
                w.WriteInt8(upsertion.Mechanism);
                w.WriteInt32(upsertion.Iterations);
                w.WriteNullableBytes(upsertion.Salt, true);
                w.WriteNullableBytes(upsertion.SaltedPassword, true);
                w.WriteEmptyTaggedFields(true);
            }

            w.WriteEmptyTaggedFields(true);
        }
    }

    extension(AlterUserScramCredentialsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, AlterUserScramCredentialsApi.Versions.At(version));
    }

    extension(AlterUserScramCredentialsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static AlterUserScramCredentialsApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            var results = new AlterUserScramCredentialsApi.Response.Result[r.ReadArrayCount(true)];
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = new AlterUserScramCredentialsApi.Response.Result(r.ReadString(true), (ErrorCode)r.ReadInt16(), r.ReadNullableString(true));
                r.SkipTaggedFields(true);
            }

            r.SkipTaggedFields(true);
            return new AlterUserScramCredentialsApi.Response(results, throttle);
        }
    }
}
