using Kpipe.Broker.Protocol;

namespace Kpipe.Testing.Fuzzing;

/// <summary>A request frame a real client sent (header and body, without the 4-byte size), the starting point of mutations.</summary>
/// <param name="Name">Where it came from, e.g. "librdkafka/Produce-v9".</param>
/// <param name="HeaderLength">How many of <paramref name="Bytes"/> are the request header; the body follows.</param>
public sealed record SeedFrame(string Name, ApiKey Key, short Version, byte[] Bytes, int HeaderLength);
