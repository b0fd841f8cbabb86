using System.Security.Cryptography;

namespace Kpipe.Broker.Security;

/// <summary>
/// What the broker keeps of one password for one SCRAM mechanism (RFC 5802 section 3): the salt, the iteration count,
/// StoredKey and ServerKey. The password itself cannot be recovered from it.
/// </summary>
public sealed record ScramCredential(byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    private const int SaltBytes = 32;

    /// <summary>Derives a credential for <paramref name="password"/> under a fresh random salt.</summary>
    public static ScramCredential Create(ScramMechanism mechanism, string password, int iterations = ScramMechanism.MinIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, ScramMechanism.MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, ScramMechanism.MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var salted = mechanism.SaltedPassword(password, salt, iterations);
        return new ScramCredential(salt, iterations, mechanism.StoredKey(mechanism.ClientKey(salted)), mechanism.ServerKey(salted));
    }

    /// <summary>Whether <paramref name="password"/> derives this credential (how PLAIN logins are checked), compared in constant time.</summary>
    public bool Matches(ScramMechanism mechanism, string password)
    {
        var salted = mechanism.SaltedPassword(password, Salt, Iterations);
        return CryptographicOperations.FixedTimeEquals(mechanism.StoredKey(mechanism.ClientKey(salted)), StoredKey);
    }
}
