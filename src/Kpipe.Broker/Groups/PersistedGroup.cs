using System.Text.Json.Serialization;

namespace Kpipe.Broker.Groups;

/// <summary>
/// One group's metadata as stored in <c>group-metadata.json</c> (Kafka's group metadata record): what a restarted
/// coordinator needs to keep serving a Stable group's members, or an Empty group's generation.
/// </summary>
internal sealed record PersistedGroup(
    string GroupId,
    GroupState State,
    int GenerationId,
    string? ProtocolType,
    string? ProtocolName,
    string? LeaderId,
    DateTimeOffset StateTimestamp,
    List<PersistedMember> Members);

/// <summary>One member of a persisted group, with every protocol it offered (so a rejoin with the same ones is recognised) and its assignment.</summary>
internal sealed record PersistedMember(
    string MemberId,
    string? GroupInstanceId,
    string ClientId,
    string ClientHost,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    List<GroupProtocol> Protocols,
    byte[] Assignment);

/// <summary>The content of <c>group-metadata.json</c>.</summary>
internal sealed record PersistedGroups(int Version, List<PersistedGroup> Groups);

/// <summary>Source-generated JSON for the group metadata store.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PersistedGroups))]
internal sealed partial class GroupJsonContext : JsonSerializerContext;
