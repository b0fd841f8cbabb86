using System.Text.Json;
using Kpipe.Broker.Security;

namespace Kpipe.Broker.Tests.Security;

[Trait("Category", "Unit")]
public sealed class CredentialStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("kpipe-credentials-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_saved_store_loads_back_with_credentials_that_match_the_password_under_both_SCRAM_mechanisms()
    {
        var file = _directory.File("users.json");
        CredentialStore.Empty.WithUser("alice", "wonderland", 8192).WithUser("bob", "builder").Save(file);

        var loaded = CredentialStore.Load(file);

        Assert.Equal(["alice", "bob"], loaded.Users);
        foreach (var mechanism in ScramMechanism.All)
        {
            var credential = loaded.Find("alice", mechanism)!;
            Assert.Equal(8192, credential.Iterations);
            Assert.True(credential.Matches(mechanism, "wonderland"));
            Assert.False(credential.Matches(mechanism, "wonderlant"));
        }
    }

    [Fact]
    public void The_file_holds_salted_keys_and_never_the_password()
    {
        var file = _directory.File("users.json");
        CredentialStore.Empty.WithUser("alice", "wonderland").Save(file);

        var text = File.ReadAllText(file);
        Assert.DoesNotContain("wonderland", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        var sha256 = json.RootElement.GetProperty("users").GetProperty("alice").GetProperty("SCRAM-SHA-256");
        Assert.Equal(["salt", "iterations", "storedKey", "serverKey"], sha256.EnumerateObject().Select(p => p.Name));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Adding_a_user_again_gives_a_new_salt_and_the_old_password_stops_matching()
    {
        var first = CredentialStore.Empty.WithUser("alice", "old");
        var second = first.WithUser("alice", "new");

        var before = first.Find("alice", ScramMechanism.Sha256)!;
        var after = second.Find("alice", ScramMechanism.Sha256)!;
        Assert.NotEqual(before.Salt, after.Salt);
        Assert.False(after.Matches(ScramMechanism.Sha256, "old"));
        Assert.True(after.Matches(ScramMechanism.Sha256, "new"));
    }

    [Fact]
    public void Removing_a_user_says_whether_it_was_there()
    {
        var store = CredentialStore.Empty.WithUser("alice", "pw");

        var without = store.WithoutUser("alice", out var removed);
        without.WithoutUser("alice", out var removedAgain);

        Assert.True(removed);
        Assert.False(removedAgain);
        Assert.Empty(without.Users);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"version\":2,\"users\":{}}")]
    [InlineData("{\"version\":1,\"users\":{\"alice\":{\"SCRAM-SHA-1\":{}}}}")]
    [InlineData("{\"version\":1,\"users\":{\"alice\":{\"SCRAM-SHA-256\":{\"salt\":\"AA==\",\"iterations\":10,\"storedKey\":\"AA==\",\"serverKey\":\"AA==\"}}}}")]
    [InlineData("{\"version\":1,\"users\":{\"alice\":{\"SCRAM-SHA-256\":{\"salt\":\"!!\",\"iterations\":4096,\"storedKey\":\"AA==\",\"serverKey\":\"AA==\"}}}}")]
    public void A_malformed_file_is_an_InvalidDataException_naming_the_file(string content)
    {
        var file = _directory.File("bad.json");
        File.WriteAllText(file, content);

        var error = Assert.Throws<InvalidDataException>(() => CredentialStore.Load(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_empty_only_when_asked()
    {
        var file = _directory.File("missing.json");

        Assert.Empty(CredentialStore.Load(file, missingIsEmpty: true).Users);
        Assert.Throws<FileNotFoundException>(() => CredentialStore.Load(file));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    public void A_user_name_that_is_empty_or_holds_control_characters_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => CredentialStore.Empty.WithUser(name, "pw"));
    }

    [Fact]
    public void An_empty_password_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CredentialStore.Empty.WithUser("alice", ""));
    }
}
