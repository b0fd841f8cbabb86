using System.Text.Json;
using System.Text.Json.Serialization;
using Kpipe.IO;

namespace Kpipe.Broker.Authorization;

/// <summary>
/// Reads and atomically rewrites <c>acls.json</c> in the data directory, where the ACLs live (Kafka keeps them in its
/// metadata log), so they survive a restart.
/// </summary>
internal sealed class AclStore(string dataDirectory)
{
    private const int CurrentVersion = 1;

    public string FilePath { get; } = Path.Combine(dataDirectory, "acls.json");

    /// <summary>The stored ACLs; none when the file does not exist. A damaged file is an error the operator must see.</summary>
    public IReadOnlyList<AclBinding> Load()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), AclJsonContext.Default.PersistedAcls)
                ?? throw new JsonException("the file holds null");
            var acls = stored.Acls ?? [];
            if (acls.FirstOrDefault(acl => acl.Invalid() is not null) is { } bad)
            {
                throw new JsonException($"{bad} is not a valid ACL: {bad.Invalid()}");
            }

            return acls;
        }
        catch (JsonException e)
        {
            throw new IOException($"{FilePath} is damaged ({e.Message}); fix or delete it (it holds only the ACLs made with CreateAcls)", e);
        }
    }

    /// <summary>Replaces the file with <paramref name="acls"/>, on disk before it returns.</summary>
    public void Save(IReadOnlyList<AclBinding> acls) =>
        AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(new PersistedAcls(CurrentVersion, [.. acls]), AclJsonContext.Default.PersistedAcls));
}

/// <summary>The content of <c>acls.json</c>.</summary>
internal sealed record PersistedAcls(int Version, List<AclBinding>? Acls);

/// <summary>Source-generated JSON for the ACL store; enums by name so the file reads like kafka-acls output.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PersistedAcls))]
internal sealed partial class AclJsonContext : JsonSerializerContext;
