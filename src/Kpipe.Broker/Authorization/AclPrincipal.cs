namespace Kpipe.Broker.Authorization;

/// <summary>Kafka principals as ACLs spell them: <c>TYPE:NAME</c>, <c>User:*</c> for every user.</summary>
public static class AclPrincipal
{
    /// <summary>Who a connection is when it did not log in (a listener without SASL).</summary>
    public const string Anonymous = "User:ANONYMOUS";

    /// <summary>The principal of a user who logged in with SASL.</summary>
    public static string User(string name) => "User:" + name;

    /// <summary>Whether <paramref name="principal"/> has a type and a name around its first colon.</summary>
    public static bool IsValid(string principal)
    {
        var colon = principal.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < principal.Length - 1;
    }
}
