using System.Reflection;
using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Tests.Protocol;

/// <summary>Lets a test read any API's request at a bare version number; the flexible flag comes from the API's registered range.</summary>
internal static class RequestReading
{
    extension<T>(T) where T : IRequestBody<T>
    {
        /// <summary>Decodes the body at <paramref name="version"/>.</summary>
        public static T Read(ref KafkaReader r, short version) => T.Read(ref r, RangeOf<T>.Versions.At(version));
    }

    // Each request type is nested in its API class, which declares the versions it serves.
    private static class RangeOf<T>
    {
        public static readonly ApiVersionRange Versions = (ApiVersionRange)typeof(T).DeclaringType!
            .GetProperty("Versions", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }
}
