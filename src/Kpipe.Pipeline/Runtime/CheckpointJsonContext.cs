using System.Text.Json.Serialization;

namespace Kpipe.Pipeline.Runtime;

/// <summary>Source-generated JSON for the checkpoint files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BatchPlan))]
[JsonSerializable(typeof(BatchCommit))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
