using Kpipe.Broker.Protocol;

namespace Kpipe.Broker.Security;

/// <summary>
/// AlterUserScramCredentials on a <see cref="CredentialStore"/>: each user's deletions and upsertions are checked and
/// applied all or none, with Kafka's errors (UNSUPPORTED_SASL_MECHANISM, UNACCEPTABLE_CREDENTIAL, RESOURCE_NOT_FOUND,
/// DUPLICATE_RESOURCE). An upsertion carries Hi(password, salt, i), from which StoredKey and ServerKey are derived.
/// </summary>
internal static class ScramCredentialChanges
{
    /// <summary>The mechanism with Kafka's wire value (1 SCRAM-SHA-256, 2 SCRAM-SHA-512), or null.</summary>
    public static ScramMechanism? Mechanism(sbyte wireValue) => wireValue switch
    {
        1 => ScramMechanism.Sha256,
        2 => ScramMechanism.Sha512,
        _ => null,
    };

    /// <summary>Kafka's wire value of <paramref name="mechanism"/>.</summary>
    public static sbyte WireValue(ScramMechanism mechanism) => mechanism == ScramMechanism.Sha256 ? (sbyte)1 : (sbyte)2;

    /// <summary>Applies every user's changes it can; returns the new store and one outcome per user, in request order.</summary>
    public static CredentialStore Apply(CredentialStore store, IReadOnlyList<ScramChange> changes, out List<(string User, ErrorCode Error, string? Message)> results)
    {
        results = [];
        foreach (var user in changes.Select(c => c.User).Distinct(StringComparer.Ordinal))
        {
            var own = changes.Where(c => c.User == user).ToList();
            var (error, message) = Check(store, user, own);
            if (error == ErrorCode.None)
            {
                foreach (var change in own)
                {
                    var mechanism = Mechanism(change.Mechanism)!;
                    store = change.SaltedPassword is null
                        ? store.WithoutCredential(user, mechanism, out _)
                        : store.WithCredential(user, mechanism, new ScramCredential(
                            change.Salt!, change.Iterations, mechanism.StoredKey(mechanism.ClientKey(change.SaltedPassword)), mechanism.ServerKey(change.SaltedPassword)));
                }
            }

            results.Add((user, error, message));
        }

        return store;
    }

    private static (ErrorCode, string?) Check(CredentialStore store, string user, List<ScramChange> changes)
    {
        if (user.Length == 0)
        {
            return (ErrorCode.UnacceptableCredential, "Username must not be empty");
        }

        if (changes.GroupBy(c => c.Mechanism).Any(g => g.Count() > 1))
        {
            return (ErrorCode.DuplicateResource, "A user credential cannot be altered twice in the same request");
        }

        foreach (var change in changes)
        {
            if (Mechanism(change.Mechanism) is not { } mechanism)
            {
                return (ErrorCode.UnsupportedSaslMechanism, $"Unknown SCRAM mechanism {change.Mechanism}; use 1 (SCRAM-SHA-256) or 2 (SCRAM-SHA-512)");
            }

            if (change.SaltedPassword is null)
            {
                if (store.Find(user, mechanism) is null)
                {
                    return (ErrorCode.ResourceNotFound, "Attempt to delete a user credential that does not exist");
                }
            }
            else if (change.Iterations < ScramMechanism.MinIterations)
            {
                return (ErrorCode.UnacceptableCredential, $"Too few iterations: at least {ScramMechanism.MinIterations}");
            }
            else if (change.Iterations > ScramMechanism.MaxIterations)
            {
                return (ErrorCode.UnacceptableCredential, $"Too many iterations: at most {ScramMechanism.MaxIterations}");
            }
            else if (change.Salt is not { Length: > 0 } || change.SaltedPassword.Length != mechanism.HashBytes)
            {
                return (ErrorCode.UnacceptableCredential, $"a {mechanism.Name} credential needs a salt and a {mechanism.HashBytes}-byte salted password");
            }
        }

        return (ErrorCode.None, null);
    }
}
