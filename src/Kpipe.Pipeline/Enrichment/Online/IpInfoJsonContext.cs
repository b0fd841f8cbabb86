using System.Text.Json.Serialization;

namespace Kpipe.Pipeline.Enrichment.Online;

/// <summary>Source-generated JSON metadata for <see cref="IpInfoResponse"/>.</summary>
[JsonSerializable(typeof(IpInfoResponse))]
internal sealed partial class IpInfoJsonContext : JsonSerializerContext;
