using Kpipe.Broker.Apis;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>The client's half of DescribeUserScramCredentials: the request encoder and the response decoder.</summary>
internal static class DescribeUserScramCredentialsCodec
{
    extension(DescribeUserScramCredentialsApi.Request request)
    {
        /// <summary>Encodes the body.</summary>
        public void Write(KafkaWriter w, short version)
        {
            w.WriteArrayLength(request.Users?.Count ?? -1, true);
            foreach (var user in request.Users ?? [])
            {
                w.WriteString(user, true);
                w.WriteEmptyTaggedFields(true);
            }

            w.WriteEmptyTaggedFields(true);
        }
    }

    extension(DescribeUserScramCredentialsApi.Response response)
    {
        /// <summary>Encodes the body at a bare version number.</summary>
        public void Write(KafkaWriter w, short version) => response.Write(w, DescribeUserScramCredentialsApi.Versions.At(version));
    }

    extension(DescribeUserScramCredentialsApi.Response)
    {
        /// <summary>Decodes the body.</summary>
        public static DescribeUserScramCredentialsApi.Response Read(ref KafkaReader r, short version)
        {
            var throttle = r.ReadInt32();
            var error = (ErrorCode)r.ReadInt16();
            var message = r.ReadNullableString(true);
            var results = new DescribeUserScramCredentialsApi.Response.Result[r.ReadArrayCount(true)];
            for (var i = 0; i < results.Length; i++)
            {
                var user = r.ReadString(true);
                var userError = (ErrorCode)r.ReadInt16();
                var userMessage = r.ReadNullableString(true);
                var credentials = new (sbyte, int)[r.ReadArrayCount(true)];
                for (var j = 0; j < credentials.Length; j++)
                {
                    credentials[j] = (r.ReadInt8(), r.ReadInt32());
                    r.SkipTaggedFields(true);
                }

                r.SkipTaggedFields(true);
                results[i] = new DescribeUserScramCredentialsApi.Response.Result(user, userError, userMessage, credentials);
            }

            r.SkipTaggedFields(true);
            return new DescribeUserScramCredentialsApi.Response(error, message, results, throttle);
        }
    }
}
