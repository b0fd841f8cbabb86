using System.Security.Cryptography;
using System.Text;

namespace Kpipe.Broker.Security;

/// <summary>One SCRAM hash family (RFC 5802, RFC 7677, KIP-84): the key derivations a credential and an exchange share.</summary>
public sealed class ScramMechanism
{
    /// <summary>Kafka's smallest accepted iteration count for SCRAM credentials.</summary>
    public const int MinIterations = 4096;

    /// <summary>Kafka's largest accepted iteration count; it bounds the work one login attempt can cost the broker.</summary>
    public const int MaxIterations = 16384;

    private static readonly byte[] ClientKeyLabel = "Client Key"u8.ToArray();
    private static readonly byte[] ServerKeyLabel = "Server Key"u8.ToArray();

    private ScramMechanism(string name, HashAlgorithmName hash, int hashBytes)
    {
        Name = name;
        Hash = hash;
        HashBytes = hashBytes;
    }

    /// <summary>SCRAM-SHA-256.</summary>
    public static ScramMechanism Sha256 { get; } = new(SaslMechanisms.ScramSha256, HashAlgorithmName.SHA256, 32);

    /// <summary>SCRAM-SHA-512.</summary>
    public static ScramMechanism Sha512 { get; } = new(SaslMechanisms.ScramSha512, HashAlgorithmName.SHA512, 64);

    /// <summary>Both SCRAM mechanisms, in the order credentials are written.</summary>
    public static IReadOnlyList<ScramMechanism> All { get; } = [Sha256, Sha512];

    /// <summary>The SASL mechanism name, e.g. <c>SCRAM-SHA-256</c>.</summary>
    public string Name { get; }

    /// <summary>The hash behind H() and HMAC().</summary>
    public HashAlgorithmName Hash { get; }

    /// <summary>Bytes of one hash output.</summary>
    public int HashBytes { get; }

    /// <summary>The mechanism called <paramref name="name"/>, or null.</summary>
    public static ScramMechanism? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>SaltedPassword := Hi(Normalize(password), salt, i), PBKDF2 with HMAC of this hash.</summary>
    public byte[] SaltedPassword(string password, ReadOnlySpan<byte> salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, Hash, HashBytes);

    /// <summary>ClientKey := HMAC(SaltedPassword, "Client Key").</summary>
    public byte[] ClientKey(ReadOnlySpan<byte> saltedPassword) => Hmac(saltedPassword, ClientKeyLabel);

    /// <summary>ServerKey := HMAC(SaltedPassword, "Server Key").</summary>
    public byte[] ServerKey(ReadOnlySpan<byte> saltedPassword) => Hmac(saltedPassword, ServerKeyLabel);

    /// <summary>StoredKey := H(ClientKey).</summary>
    public byte[] StoredKey(ReadOnlySpan<byte> clientKey) => HashData(clientKey);

    /// <summary>H(data).</summary>
    public byte[] HashData(ReadOnlySpan<byte> data) =>
        Hash == HashAlgorithmName.SHA512 ? SHA512.HashData(data) : SHA256.HashData(data);

    /// <summary>HMAC(key, data).</summary>
    public byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        Hash == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(key, data) : HMACSHA256.HashData(key, data);
}
