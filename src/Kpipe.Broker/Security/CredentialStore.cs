using System.Collections.Immutable;
using System.Text.Json;
using Kpipe.IO;

namespace Kpipe.Broker.Security;

/// <summary>
/// The SASL users and their salted SCRAM credentials, one per SCRAM mechanism, as kept in the credentials file (JSON,
/// replaced atomically). PLAIN logins are checked against the same credentials, so no password is ever stored.
/// </summary>
public sealed class CredentialStore
{
    private const int FormatVersion = 1;

    private readonly ImmutableSortedDictionary<string, ImmutableDictionary<string, ScramCredential>> _users;

    private CredentialStore(ImmutableSortedDictionary<string, ImmutableDictionary<string, ScramCredential>> users) => _users = users;

    /// <summary>No users.</summary>
    public static CredentialStore Empty { get; } = new(ImmutableSortedDictionary.Create<string, ImmutableDictionary<string, ScramCredential>>(StringComparer.Ordinal));

    /// <summary>The user names, sorted.</summary>
    public IReadOnlyList<string> Users => [.. _users.Keys];

    /// <summary>The credential of <paramref name="user"/> for <paramref name="mechanism"/>, or null.</summary>
    public ScramCredential? Find(string user, ScramMechanism mechanism) =>
        _users.TryGetValue(user, out var credentials) && credentials.TryGetValue(mechanism.Name, out var credential) ? credential : null;

    /// <summary>A store where <paramref name="user"/> has (new) credentials for <paramref name="password"/> under every SCRAM mechanism.</summary>
    public CredentialStore WithUser(string user, string password, int iterations = ScramMechanism.MinIterations)
    {
        ValidateUserName(user);
        if (password.Length == 0)
        {
            throw new ArgumentException("the password is empty");
        }

        var credentials = ScramMechanism.All.ToImmutableDictionary(m => m.Name, m => ScramCredential.Create(m, password, iterations));
        return new CredentialStore(_users.SetItem(user, credentials));
    }

    /// <summary>A store without <paramref name="user"/>; <paramref name="removed"/> says whether it was there.</summary>
    public CredentialStore WithoutUser(string user, out bool removed)
    {
        removed = _users.ContainsKey(user);
        return removed ? new CredentialStore(_users.Remove(user)) : this;
    }

    /// <summary>The SCRAM credentials of <paramref name="user"/> by mechanism name; empty for an unknown user.</summary>
    public IReadOnlyDictionary<string, ScramCredential> CredentialsOf(string user) =>
        _users.TryGetValue(user, out var credentials) ? credentials : ImmutableDictionary<string, ScramCredential>.Empty;

    /// <summary>A store where <paramref name="user"/> has <paramref name="credential"/> for <paramref name="mechanism"/> (AlterUserScramCredentials).</summary>
    public CredentialStore WithCredential(string user, ScramMechanism mechanism, ScramCredential credential)
    {
        ValidateUserName(user);
        var credentials = _users.TryGetValue(user, out var existing) ? existing : ImmutableDictionary<string, ScramCredential>.Empty;
        return new CredentialStore(_users.SetItem(user, credentials.SetItem(mechanism.Name, credential)));
    }

    /// <summary>A store without the <paramref name="mechanism"/> credential of <paramref name="user"/>; a user left with none is removed.</summary>
    public CredentialStore WithoutCredential(string user, ScramMechanism mechanism, out bool removed)
    {
        removed = _users.TryGetValue(user, out var credentials) && credentials.ContainsKey(mechanism.Name);
        if (!removed)
        {
            return this;
        }

        var rest = credentials!.Remove(mechanism.Name);
        return new CredentialStore(rest.IsEmpty ? _users.Remove(user) : _users.SetItem(user, rest));
    }

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty store when <paramref name="missingIsEmpty"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a credentials file.</exception>
    public static CredentialStore Load(string path, bool missingIsEmpty = false)
    {
        if (missingIsEmpty && !File.Exists(path))
        {
            return Empty;
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{path} is not a valid credentials file: {e.Message}", e);
        }
    }

    /// <summary>Replaces <paramref name="path"/> with this store, atomically, readable by its owner only.</summary>
    public void Save(string path)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteStartObject("users");
            foreach (var (user, credentials) in _users)
            {
                json.WriteStartObject(user);
                foreach (var mechanism in ScramMechanism.All.Where(m => credentials.ContainsKey(m.Name)))
                {
                    var credential = credentials[mechanism.Name];
                    json.WriteStartObject(mechanism.Name);
                    json.WriteString("salt", Convert.ToBase64String(credential.Salt));
                    json.WriteNumber("iterations", credential.Iterations);
                    json.WriteString("storedKey", Convert.ToBase64String(credential.StoredKey));
                    json.WriteString("serverKey", Convert.ToBase64String(credential.ServerKey));
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        AtomicFile.Write(path, buffer.ToArray());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static CredentialStore Parse(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        if (root.GetProperty("version").GetInt32() != FormatVersion)
        {
            throw new FormatException($"unknown format version {root.GetProperty("version")}, expected {FormatVersion}");
        }

        var users = Empty._users;
        foreach (var user in root.GetProperty("users").EnumerateObject())
        {
            ValidateUserName(user.Name);
            var credentials = ImmutableDictionary<string, ScramCredential>.Empty;
            foreach (var entry in user.Value.EnumerateObject())
            {
                var mechanism = ScramMechanism.Find(entry.Name) ?? throw new FormatException($"user '{user.Name}' has an unknown mechanism '{entry.Name}'");
                credentials = credentials.SetItem(mechanism.Name, ReadCredential(user.Name, mechanism, entry.Value));
            }

            users = users.SetItem(user.Name, credentials);
        }

        return new CredentialStore(users);
    }

    private static ScramCredential ReadCredential(string user, ScramMechanism mechanism, JsonElement element)
    {
        var credential = new ScramCredential(
            Convert.FromBase64String(element.GetProperty("salt").GetString()!),
            element.GetProperty("iterations").GetInt32(),
            Convert.FromBase64String(element.GetProperty("storedKey").GetString()!),
            Convert.FromBase64String(element.GetProperty("serverKey").GetString()!));
        if (credential.Iterations is < ScramMechanism.MinIterations or > ScramMechanism.MaxIterations
            || credential.Salt.Length == 0
            || credential.StoredKey.Length != mechanism.HashBytes
            || credential.ServerKey.Length != mechanism.HashBytes)
        {
            throw new FormatException($"user '{user}' has a malformed {mechanism.Name} credential");
        }

        return credential;
    }

    private static void ValidateUserName(string user)
    {
        if (user.Length == 0 || user.Any(char.IsControl))
        {
            throw new ArgumentException($"'{user}' is not a valid user name: it must be non-empty and hold no control characters");
        }
    }
}
