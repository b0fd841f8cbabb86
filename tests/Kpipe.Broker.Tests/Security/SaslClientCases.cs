using Kpipe.Broker.Security;

namespace Kpipe.Broker.Tests.Security;

/// <summary>The (transport, mechanism, credentials) combinations every external client is tried with.</summary>
internal static class SaslClientCases
{
    public const string Right = "right";
    public const string Wrong = "wrong";
    public const string None = "none";

    /// <summary>PLAIN and a SCRAM mechanism over TCP and TLS, each with the right password, a wrong one and none.</summary>
    public static TheoryData<bool, string, string> All()
    {
        var data = new TheoryData<bool, string, string>();
        foreach (var (tls, mechanism) in new[] { (false, SaslMechanisms.Plain), (false, SaslMechanisms.ScramSha256), (true, SaslMechanisms.Plain), (true, SaslMechanisms.ScramSha512) })
        {
            foreach (var credentials in new[] { Right, Wrong, None })
            {
                data.Add(tls, mechanism, credentials);
            }
        }

        return data;
    }

    public static string? User(string credentials) => credentials == None ? null : SecureBrokerFixture.User;

    public static string? Password(string credentials) => credentials switch
    {
        Right => SecureBrokerFixture.Password,
        Wrong => "not-the-password",
        _ => null,
    };

    public static string Topic(string client, bool tls, string mechanism) => $"{client}-{(tls ? "ssl" : "tcp")}-{mechanism}-{Guid.NewGuid():N}";
}
