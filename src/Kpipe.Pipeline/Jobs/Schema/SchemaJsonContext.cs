using System.Text.Json.Serialization;

namespace Kpipe.Pipeline.Jobs.Schema;

/// <summary>Source-generated JSON for a serialized <see cref="InferredSchema"/>.</summary>
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext;
