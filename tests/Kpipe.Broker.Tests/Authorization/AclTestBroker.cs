using Kpipe.Broker.Security;
using AuthorizerOptions = Kpipe.Broker.Authorization.AuthorizerOptions;

namespace Kpipe.Broker.Tests.Authorization;

/// <summary>Starts the ACL tests' broker: SASL/PLAIN users admin (a super user) and alice, each with password "NAME-secret", and the authorizer on.</summary>
internal static class AclTestBroker
{
    public static Task<TestBroker> StartAsync(TempDirectory directory)
    {
        var credentials = directory.File("credentials.json");
        CredentialStore.Empty.WithUser("admin", "admin-secret").WithUser("alice", "alice-secret").Save(credentials);
        return TestBroker.StartAsync(o => TestBroker.ForClients(o) with
        {
            Sasl = new SaslOptions { CredentialsFile = credentials },
            Authorizer = new AuthorizerOptions { SuperUsers = ["User:admin"] },
        });
    }
}
