using Kpipe.Broker.Protocol;
using Kpipe.Broker.Security;

namespace Kpipe.Broker.Tests.Security;

[Trait("Category", "Unit")]
public sealed class ScramCredentialChangesTests
{
    private static readonly byte[] Salt = [1, 2, 3, 4];

    private static readonly CredentialStore Store = CredentialStore.Empty.WithUser("alice", "alice-secret");

    [Fact]
    public void An_upsertion_stores_a_credential_that_the_password_matches()
    {
        var salted = ScramMechanism.Sha512.SaltedPassword("bob-secret", Salt, 8192);

        var store = ScramCredentialChanges.Apply(Store, [new ScramChange("bob", 2, 8192, Salt, salted)], out var results);

        Assert.Equal([("bob", ErrorCode.None, (string?)null)], results);
        var credential = store.Find("bob", ScramMechanism.Sha512);
        Assert.NotNull(credential);
        Assert.Equal(8192, credential.Iterations);
        Assert.True(credential.Matches(ScramMechanism.Sha512, "bob-secret"));
        Assert.Null(store.Find("bob", ScramMechanism.Sha256));
    }

    [Fact]
    public void Deleting_the_last_credential_removes_the_user()
    {
        var store = ScramCredentialChanges.Apply(Store, [new ScramChange("alice", 1), new ScramChange("alice", 2)], out var results);

        Assert.Equal(ErrorCode.None, Assert.Single(results).Error);
        Assert.DoesNotContain("alice", store.Users);
    }

    [Theory]
    [InlineData("bob", 3, 8192, ErrorCode.UnsupportedSaslMechanism, "Unknown SCRAM mechanism 3")]
    [InlineData("bob", 1, 4095, ErrorCode.UnacceptableCredential, "Too few iterations")]
    [InlineData("bob", 1, 16385, ErrorCode.UnacceptableCredential, "Too many iterations")]
    [InlineData("", 1, 8192, ErrorCode.UnacceptableCredential, "Username must not be empty")]
    public void A_bad_upsertion_is_refused_for_that_user_only(string user, sbyte mechanism, int iterations, ErrorCode error, string message)
    {
        var salted = new byte[32];

        var store = ScramCredentialChanges.Apply(Store, [new ScramChange(user, mechanism, iterations, Salt, salted), new ScramChange("carol", 1, 4096, Salt, salted)], out var results);

        Assert.Equal(error, results[0].Error);
        Assert.StartsWith(message, results[0].Message, StringComparison.Ordinal);
        Assert.Equal(("carol", ErrorCode.None), (results[1].User, results[1].Error));
        Assert.Equal(["alice", "carol"], store.Users);
    }

    [Fact]
    public void A_user_and_mechanism_named_twice_is_a_duplicate_and_changes_nothing_for_that_user()
    {
        var salted = new byte[32];

        var store = ScramCredentialChanges.Apply(Store, [new ScramChange("alice", 1), new ScramChange("alice", 1, 4096, Salt, salted)], out var results);

        Assert.Equal(ErrorCode.DuplicateResource, Assert.Single(results).Error);
        Assert.Same(Store, store);
    }

    [Fact]
    public void Deleting_a_credential_that_does_not_exist_is_resource_not_found()
    {
        ScramCredentialChanges.Apply(CredentialStore.Empty.WithCredential("bob", ScramMechanism.Sha256, Store.Find("alice", ScramMechanism.Sha256)!), [new ScramChange("bob", 2)], out var results);

        Assert.Equal(ErrorCode.ResourceNotFound, Assert.Single(results).Error);
    }
}
